"""Building the fixture site end to end and reading its HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import NOW, SITES, build_site, check_site, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("basic") / "site"
    shutil.copytree(SITES / "basic", root)
    result = build_site(root)
    assert result.exit_code == 0, result.output
    return root / "public"


def read(public: Path, path: str) -> str:
    return (public / path).read_text(encoding="utf-8")


def test_one_folder_per_state_and_a_landing_page(built: Path) -> None:
    assert (built / "north" / "index.html").is_file()
    assert (built / "south" / "index.html").is_file()
    landing = read(built, "index.html")
    assert 'href="https://north.example.org/"' in landing
    assert 'href="https://example.org/south/"' in landing


def test_every_document_has_a_page(built: Path) -> None:
    for path in [
        "north/communities/river/index.html",
        "north/offices/main-street/index.html",
        "north/events/door-knock/index.html",
        "north/training/local-module/index.html",
        "north/training/first-steps/index.html",
        "north/partners/tenants/index.html",
        "north/partners/national-voters/index.html",
        "north/about/index.html",
        "south/training/first-steps/index.html",
    ]:
        assert (built / path).is_file(), path


def test_links_start_at_the_base_path(built: Path) -> None:
    north = read(built, "north/index.html")
    south = read(built, "south/index.html")
    assert 'href="/communities/river/"' in north
    assert 'href="/south/events/"' in south
    assert re.search(r'href="/south/static/[0-9a-f]{12}/hubgen.css"', south)
    assert '<link rel="canonical" href="https://example.org/south/">' in south


def test_drafts_are_left_out(built: Path) -> None:
    assert not (built / "north/events/someday").exists()


def test_upcoming_and_past_events(built: Path) -> None:
    upcoming = read(built, "north/events/index.html")
    past = read(built, "north/events/past/index.html")
    assert "door knocking" in upcoming and "October canvass" not in upcoming
    assert "October canvass" in past
    assert "Unlisted planning call" not in upcoming + past
    assert '<meta name="robots" content="noindex">' in read(built, "north/events/secret/index.html")


def test_event_times_in_the_event_zone(built: Path) -> None:
    page = read(built, "south/events/window-rock/index.html")
    assert 'datetime="2026-12-05T10:00:00-07:00"' in page
    assert "MST" in page


def test_private_home_shows_neighborhood_only(built: Path) -> None:
    page = read(built, "north/events/living-room/index.html")
    assert "Tenney Park" in page and "53704" in page
    assert "sent after you RSVP" in page


def test_cancelled_event_has_a_banner(built: Path) -> None:
    assert "This event is cancelled." in read(built, "north/events/online-calls/index.html")


def test_alias_redirects(built: Path) -> None:
    page = read(built, "north/old-river/index.html")
    assert 'content="0; url=/communities/river/"' in page
    assert '<link rel="canonical" href="https://north.example.org/communities/river/">' in page


def test_state_training_and_national_partner_in_every_state(built: Path) -> None:
    assert (built / "south/partners/national-voters/index.html").is_file()
    assert not (built / "south/training/local-module").exists()


def test_content_braces_are_not_templates(built: Path) -> None:
    assert "{{ page.title }}" in read(built, "north/index.html")


def test_office_hours_and_schedule(built: Path) -> None:
    office = read(built, "north/offices/main-street/index.html")
    assert re.search(r"Monday</th>\s*<td>10 am–6 pm", office)
    assert "Closed" in office
    community = read(built, "north/communities/river/index.html")
    assert "The second Tuesday of every month, 6:30 pm" in community
    assert "Main Street office" in community  # reverse relation: the office serving it


def test_builds_are_deterministic(tmp_path: Path, built: Path) -> None:
    root = tmp_path / "again"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root).exit_code == 0
    for file in built.rglob("*.html"):
        assert file.read_bytes() == (root / "public" / file.relative_to(built)).read_bytes()


def test_state_option_builds_one_state_only(tmp_path: Path) -> None:
    root = tmp_path / "one"
    shutil.copytree(SITES / "basic", root)
    result = build_site(root, "--state", "south")
    assert result.exit_code == 0, result.output
    assert (root / "public/south/index.html").is_file()
    assert not (root / "public/north").exists()
    assert not (root / "public/index.html").exists()


def test_unknown_state_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "one"
    shutil.copytree(SITES / "basic", root)
    result = build_site(root, "--state", "nort")
    assert result.exit_code == 1
    assert "there is no state 'nort'" in result.stderr and "did you mean 'north'" in result.stderr


def test_check_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(SITES / "basic", root)
    assert check_site(root).exit_code == 0
    assert not (root / "public").exists()


def test_base_url_override_for_previews(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root, "--base-url", "http://localhost:8000").exit_code == 0
    page = (root / "public/north/index.html").read_text()
    assert 'href="/north/communities/river/"' in page


def test_out_dir_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(SITES / "basic", root)
    (root / "public").mkdir()
    (root / "public" / "precious.txt").write_text("keep me")
    result = build_site(root)
    assert result.exit_code == 1 and "not made by hubgen" in result.stderr
    assert (root / "public" / "precious.txt").read_text() == "keep me"
    result = run("build", "--root", root, "--out", root, "--now", NOW)
    assert result.exit_code == 1 and "replace the project" in result.stderr
