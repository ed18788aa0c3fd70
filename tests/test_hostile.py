"""The hostile corpus (tests/hostile/): each case gives its expected error or a harmless page."""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import BASE_FILES, build_site, write_files
from tests.harmless import unsafe_parts

CORPUS = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
HOSTS = ("www.youtube-nocookie.com",)


def test_every_file_of_the_corpus_has_an_expectation() -> None:
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.md")}
    assert files == set(EXPECTED)


def build_case(tmp_path: Path, case: str) -> tuple[Path, Any]:
    root = tmp_path / "project"
    site = textwrap.dedent(BASE_FILES["content/site.yaml"]) + f"iframe_hosts: [{HOSTS[0]}]\n"
    write_files(root, {**BASE_FILES, "content/site.yaml": site})
    target = root / "content/testland" / case
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / case, target)
    return root, build_site(root)


@pytest.mark.parametrize("case", sorted(c for c, e in EXPECTED.items() if "error" in e))
def test_a_broken_or_hostile_file_is_its_error(tmp_path: Path, case: str) -> None:
    root, result = build_case(tmp_path, case)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [f"content/testland/{case}:{EXPECTED[case]['error']}"]
    assert not (root / "public").exists()


@pytest.mark.parametrize("case", sorted(c for c, e in EXPECTED.items() if "page" in e))
def test_a_hostile_page_is_built_harmless(tmp_path: Path, case: str) -> None:
    root, result = build_case(tmp_path, case)
    assert result.exit_code == 0, result.output
    expected = EXPECTED[case]
    page = (root / "public/testland" / expected["page"]).read_text(encoding="utf-8")
    for text in expected["present"]:
        assert text in html.unescape(page), text
    for text in expected["absent"]:
        assert text not in page, text
    assert unsafe_parts(root / "public", HOSTS) == []


def test_the_whole_corpus_at_once_reports_every_error(tmp_path: Path) -> None:
    """Many hostile files in one project: each is reported, nothing else breaks."""
    root = tmp_path / "project"
    write_files(root, BASE_FILES)
    shutil.copytree(CORPUS, root / "content/testland", dirs_exist_ok=True)
    (root / "content/testland/expected.yaml").unlink()
    result = build_site(root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for case, expected in EXPECTED.items():
        if "error" in expected and "iframe" not in case:  # frames are checked once all parse
            assert f"content/testland/{case}:{expected['error']}" in result.stderr, case


def test_the_demo_runs_only_the_themes_scripts_json_ld_and_search(demo_public: Path) -> None:
    assert unsafe_parts(demo_public) == []
    pages = [p.read_text() for p in demo_public.glob("wisconsin/**/index.html")]
    assert any('type="application/ld+json"' in p for p in pages)
    # theme files sit in a folder named for their hash: static/<hash>/finder.js
    assert any(re.search(r'/static/\w+/finder\.js"', p) for p in pages)
    assert any("/pagefind/" in p for p in pages)


@pytest.mark.parametrize(
    "tag",
    [
        "<script>alert(1)</script>",
        '<script src="https://evil.example.org/x.js"></script>',
        '<script src="/static/missing.js"></script>',
        '<script type="application/ld+json">{"a": 1}</script><script>alert(1)</script>',
        '<script type="application/ld+json">alert(1)</script>',
        '<script src="/static/finder.js">alert(1)</script>',
        '<p onclick="x()">x</p>',
        '<a href=" JavaScript:x()">x</a>',
        '<img srcset="/a.png 1x, data:image/png,x 2x" alt="">',
        '<form action="javascript:x()"></form>',
        '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        '<iframe src="https://evil.example.org/" sandbox="allow-scripts"></iframe>',
        '<iframe srcdoc="x" sandbox=""></iframe>',
        "<object data=x></object>",
        '<base href="https://evil.example.org/">',
        '<meta http-equiv="Refresh" content="0; url=https://evil.example.org/">',
    ],
)
def test_the_page_check_finds_what_may_not_run(tmp_path: Path, tag: str) -> None:
    (tmp_path / "s/static").mkdir(parents=True)
    (tmp_path / "s/static/finder.js").write_text("")
    (tmp_path / "s/index.html").write_text(
        f'<!doctype html><p>ok</p><script src="/s/static/finder.js" defer></script>{tag}'
    )
    assert unsafe_parts(tmp_path, HOSTS) != []
    (tmp_path / "s/index.html").write_text('<p>ok</p><script src="/static/finder.js"></script>')
    assert unsafe_parts(tmp_path, HOSTS) == []
