"""`hubgen check` for CI: text, JSON and GitHub formats, warnings and --strict."""

from __future__ import annotations

import json

from tests.conftest import NOW, run

FAR_EVENT = """\
    ---
    title: Far away
    kind: meeting
    start: 2028-06-01 18:00
    end: "19:00"
    place: {type: online}
    rsvp: https://example.org/rsvp/far
    ---
    Planned early.
    """


def test_a_warning_passes_unless_strict(tmp_site) -> None:
    root = tmp_site({"content/testland/events/far.md": FAR_EVENT})
    result = run("check", "--root", root, "--now", NOW)
    assert result.exit_code == 0
    assert "content/testland/events/far.md:4: warning: the event starts 2028-06-01" in result.stderr
    assert "1 warning, no errors" in result.stderr
    assert run("check", "--root", root, "--now", NOW, "--strict").exit_code == 1


def test_json_format(tmp_site) -> None:
    root = tmp_site(
        {"content/testland/events/far.md": FAR_EVENT.replace("kind: meeting", "kind: meting")}
    )
    result = run("check", "--root", root, "--now", NOW, "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)
    assert problem == {
        "path": "content/testland/events/far.md",
        "line": 3,
        "message": "'kind': 'meting' is not allowed",
        "hint": problem["hint"],
        "severity": "error",
    }
    assert "did you mean 'meeting'?" in problem["hint"]


def test_github_annotations(tmp_site) -> None:
    root = tmp_site({"content/testland/events/far.md": FAR_EVENT})
    result = run("check", "--root", root, "--now", NOW, "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=content/testland/events/far.md,line=4::")


def test_a_link_to_a_past_event_is_a_warning(tmp_site) -> None:
    past = FAR_EVENT.replace("2028-06-01", "2026-10-01")
    page = "---\ntitle: News\n---\nCome to [our meeting](/events/old/).\n"
    root = tmp_site(
        {"content/testland/events/old.md": past, "content/testland/pages/news.md": page}
    )
    result = run("check", "--root", root, "--now", NOW)
    assert result.exit_code == 0
    assert (
        "content/testland/pages/news.md:4: warning: link to /events/old/: that event is over"
        in (result.stderr)
    )
