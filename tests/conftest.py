"""Shared fixtures: a small project written from a dict, and a CLI runner."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hubgen.cli.commands import main
from tests.browsing import Site

NOW = "2026-11-25 12:00"
NOW_DT = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
SITES = Path(__file__).parent / "sites"
REPO = Path(__file__).parent.parent

BASE_FILES = {
    "content/site.yaml": """\
        name: Test Program
        disclaimer: Paid for by Test Program (example.org).
        role_email_domains: [example.org]
        languages: [en, es]
        training_paths:
          - key: basics
            title: Basics
        """,
    "content/testland/_state.yaml": """\
        name: Testland
        code: WI
        timezone: America/Chicago
        base_url: https://example.org/tl/
        """,
    "content/testland/index.md": """\
        ---
        title: Testland
        ---
        Welcome to the test state.
        """,
}


def state_files(key: str, name: str, code: str, short: str) -> dict[str, str]:
    """One more state's settings and home page, for tests of what one state's files do to
    another's site."""
    return {
        f"content/{key}/_state.yaml": f"""\
            name: {name}
            code: {code}
            timezone: America/Chicago
            base_url: https://example.org/{short}/
            """,
        f"content/{key}/index.md": f"---\ntitle: {name}\n---\nWelcome.\n",
    }


OTHERLAND = state_files("otherland", "Otherland", "MN", "ol")


@pytest.fixture(scope="session")
def demo_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content, built once for the whole test run with a fixed --now."""
    root = tmp_path_factory.mktemp("demo") / "project"
    shutil.copytree(REPO / "content", root / "content")
    result = build_site(root)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return root / "public"


@pytest.fixture(scope="session")
def sites(demo_public: Path) -> Iterator[dict[str, Site]]:
    served = {
        "wisconsin": Site(demo_public / "wisconsin", "/"),
        "pennsylvania": Site(demo_public / "pennsylvania", "/"),
        "arizona": Site(demo_public / "arizona", "/az/"),
    }
    yield served
    for site in served.values():
        site.httpd.shutdown()


def write_files(root: Path, files: dict[str, str | None]) -> Path:
    for name, text in files.items():
        path = root / name
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def tmp_site(tmp_path: Path) -> Callable[..., Path]:
    """tmp_site(files={...}): a valid one-state project plus (or minus, with None) files."""

    def make(files: dict[str, str | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "project"
        return write_files(root, {**(BASE_FILES if base else {}), **(files or {})})

    return make


def run(*args: str | Path, input_text: str | None = None) -> Result:
    """Run the CLI in-process; exceptions other than SystemExit are not swallowed."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input_text,
                              catch_exceptions=False)  # fmt: skip


def build_site(root: Path, *extra: str) -> Result:
    return run("build", "--root", root, "--out", root / "public", "--now", NOW, *extra)


def check_site(root: Path, *extra: str) -> Result:
    return run("check", "--root", root, "--now", NOW, *extra)
