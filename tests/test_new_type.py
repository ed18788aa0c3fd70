"""Adding a content type is one declaration in hubgen/content/types.py, plus its templates
and interface text: a petition type added so, in a copy of hubgen, builds end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PETITION = '''
PETITION = TypeSpec(
    "petition",
    Schema("petition", COMMON + (
        Field("target", "text", "who the petition asks, like 'Dane County Board'",
              required=True),
        Field("sign", "url", "where people sign it", required=True),
        Field("deadline", "datetime", "when signing closes, like 2027-01-15 17:00"),
    )),
    folder="petitions",
    collections=(Collection("petitions", order=("deadline", "title"), when="upcoming"),),
    list_pages=(ListPage("petition", "petitions", "/petitions/", "petitions", menu=6),),
    ends="deadline",
    public=("sign",),
)  # fmt: skip

'''

THEME = {
    "theme.yaml": """\
        name: campaign
        extends: default
        strings:
          en:
            petitions: Petitions
            sign_here: Sign the petition
          es:
            petitions: Peticiones
            sign_here: Firma la petición
        """,
    "templates/petition.html": """\
        {% extends "base.html" %}
        {% block main %}
        <article class="doc">
          <h1>{{ page.title }}</h1>
          <p class="target">To: {{ page.target }}</p>
          {% if page.deadline %}<p>Until {{ page.deadline | date }}</p>{% endif %}
          <p><a class="sign" href="{{ page.sign }}">{{ t.sign_here }}</a></p>
          <div class="prose">{{ page.content }}</div>
        </article>
        {% endblock %}
        """,
    "templates/petition_list.html": """\
        {% extends "base.html" %}
        {% block main %}
        <h1>{{ page.title }}</h1>
        {% for petition in page.items %}
        <p class="petition"><a href="{{ petition.url }}">{{ petition.title }}</a></p>
        {% endfor %}
        {% endblock %}
        """,
}

CONTENT = {
    "petitions/fix-the-bridge.md": """\
        ---
        title: Fix the Hollow Creek bridge
        target: Dane County Board
        sign: https://forms.example.org/bridge
        deadline: 2027-01-15 17:00
        ---
        The bridge has been closed since spring. Ask the board to fund the repair.
        """,
    "petitions/old-library-hours.md": """\
        ---
        title: Keep the library open on Sundays
        target: Library board
        sign: https://forms.example.org/library
        deadline: 2026-10-01 17:00
        ---
        Signing closed in October.
        """,
}


def _copy_of_hubgen(where: Path) -> Path:
    """hubgen's package, with the petition declared in content/types.py and nowhere else."""
    package = where / "lib" / "hubgen"
    shutil.copytree(REPO / "hubgen", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "themes", package / "bundled_themes")
    types = package / "content" / "types.py"
    text = types.read_text(encoding="utf-8")
    anchor = "# Pages of every state site that list no one type's documents."
    assert anchor in text and "PAGE)" in text
    text = text.replace(anchor, PETITION + anchor).replace("PAGE)", "PAGE, PETITION)")
    types.write_text(text, encoding="utf-8")
    return package.parent


def _project(where: Path) -> Path:
    root = where / "project"
    shutil.copytree(REPO / "tests" / "sites" / "basic" / "content", root / "content")
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "theme: campaign\n", encoding="utf-8")
    for name, text in THEME.items():
        path = root / "themes" / "campaign" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in CONTENT.items():
        path = root / "content" / "north" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _hubgen(lib: Path, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(lib), "SOURCE_DATE_EPOCH": "1795600800"}
    return subprocess.run([sys.executable, "-m", "hubgen", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


@pytest.fixture(scope="module")
def petition_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("newtype")
    lib, root = _copy_of_hubgen(where), _project(where)
    result = _hubgen(lib, root, "build", "--no-cache", "--state", "north")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return lib, root


def test_the_copy_runs_its_own_hubgen(petition_site: tuple[Path, Path]) -> None:
    lib, root = petition_site
    code = "import hubgen; print(hubgen.__file__)"
    env = {**os.environ, "PYTHONPATH": str(lib)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    assert out.strip().startswith(str(lib))


def test_a_petition_gets_its_page_list_and_menu_entry(petition_site: tuple[Path, Path]) -> None:
    _, root = petition_site
    north = root / "public" / "north"
    page = (north / "petitions" / "fix-the-bridge" / "index.html").read_text(encoding="utf-8")
    assert "Fix the Hollow Creek bridge" in page and "To: Dane County Board" in page
    assert 'href="https://forms.example.org/bridge"' in page
    listing = (north / "petitions" / "index.html").read_text(encoding="utf-8")
    assert "Fix the Hollow Creek bridge" in listing
    assert "Keep the library open" not in listing  # its deadline has passed (ends=)
    assert ">Petitions</a>" in (north / "index.html").read_text(encoding="utf-8")
    spanish = (north / "es" / "petitions" / "index.html").read_text(encoding="utf-8")
    assert ">Peticiones</a>" in spanish
    sitemap = (north / "sitemap.xml").read_text(encoding="utf-8")
    assert "/petitions/fix-the-bridge/" in sitemap and "/petitions/</loc>" in sitemap


def _check(lib: Path, root: Path, text: str) -> str:
    broken = root / "content" / "north" / "petitions" / "broken.md"
    broken.write_text(text, encoding="utf-8")
    try:
        result = _hubgen(lib, root, "check", "--state", "north")
    finally:
        broken.unlink()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_a_petition_is_checked_like_any_type(petition_site: tuple[Path, Path]) -> None:
    lib, root = petition_site
    out = _check(lib, root, "---\ntitle: Broken\ntarget: Someone\nsgin: https://x.example.org/\n"
                            "---\nText.\n")  # fmt: skip
    assert "petitions/broken.md:4: error: unknown key 'sgin'" in out and "'sign'" in out


def test_the_privacy_guard_scans_a_petition(petition_site: tuple[Path, Path]) -> None:
    """Its free text is scanned; its public field (the sign link) is trusted."""
    lib, root = petition_site
    out = _check(lib, root, "---\ntitle: Call us\ntarget: Jo at 608-555-0142\n"
                            "sign: https://forms.example.org/call\n---\n"
                            "Or email jo.smith@gmail.com.\n")  # fmt: skip
    assert "petitions/broken.md:3:" in out and "petitions/broken.md:6:" in out
    assert "forms.example.org" not in out


def test_new_offers_a_petition(petition_site: tuple[Path, Path]) -> None:
    lib, root = petition_site
    result = _hubgen(lib, root, "new", "petition", "north/save-the-park", "--title",
                     "Save the park", "--target", "Parks board", "--sign",
                     "https://forms.example.org/park")  # fmt: skip
    assert result.returncode == 0, result.stderr
    made = root / "content" / "north" / "petitions" / "save-the-park.md"
    assert "target: Parks board" in made.read_text(encoding="utf-8")
    made.unlink()
