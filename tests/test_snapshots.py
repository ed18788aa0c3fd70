"""Whole states taken as they were: a state whose inputs did not change, built again before
the clock alone could change it, is neither parsed nor rendered; any other state is built."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hubgen.build.options import BuildOptions, BuildResult
from hubgen.build.pipeline import build
from hubgen.build.snapshots import Snapshot, States, inputs_of, reusable, valid_until
from hubgen.content.config import Config, load_config
from hubgen.content.discovery import SourceFile, discover
from hubgen.content.linking import FAR_AHEAD as YEAR_AHEAD
from hubgen.content.reading import scan
from hubgen.content.values import Schedule
from hubgen.core.cache import Cache
from hubgen.core.errors import Problem
from tests.conftest import NOW_DT, SITES

CHICAGO = ZoneInfo("America/Chicago")
MIDNIGHT = datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)  # the day after NOW_DT ends


# --- valid_until ---------------------------------------------------------------------------


def doc(**meta: Any) -> Any:
    """A document as valid_until reads it: its type and front matter (an event's times, a
    community's schedule)."""
    kind = "event" if {"start", "end"} & meta.keys() else "page"
    kind = "community" if "schedule" in meta else kind
    return SimpleNamespace(meta=meta, source=SimpleNamespace(type=kind))


def until(*docs: Any, now: datetime = NOW_DT) -> datetime:
    state = SimpleNamespace(zone=CHICAGO)
    return valid_until(docs, now, state)  # type: ignore[arg-type]


def test_without_dates_a_snapshot_holds_until_midnight_utc() -> None:
    assert until() == MIDNIGHT
    assert until(doc(title="About")) == MIDNIGHT
    late = datetime(2026, 11, 25, 23, 59, tzinfo=timezone.utc)
    assert until(now=late) == MIDNIGHT
    assert until(now=MIDNIGHT) == MIDNIGHT + timedelta(days=1)  # strictly after now


def test_an_event_ending_today_ends_the_snapshot() -> None:
    end = datetime(2026, 11, 25, 13, 0, tzinfo=CHICAGO)  # 19:00 UTC
    assert until(doc(start=end - timedelta(hours=2), end=end)) == end


def test_moments_already_past_do_not_count() -> None:
    assert until(doc(end=NOW_DT - timedelta(hours=1))) == MIDNIGHT
    assert until(doc(end=NOW_DT)) == MIDNIGHT  # ended at this very moment: already past


def test_an_event_coming_within_a_year() -> None:
    start = NOW_DT + YEAR_AHEAD + timedelta(hours=3)  # far enough away for a warning, for now
    end = start + timedelta(hours=2)
    assert until(doc(start=start, end=end)) == start - YEAR_AHEAD


def test_publish_and_expiry_dates() -> None:
    assert until(doc(publish_date=date(2026, 11, 25))) == MIDNIGHT  # published today already
    tomorrow = doc(publish_date=date(2026, 11, 26), draft=False)
    assert until(tomorrow, now=MIDNIGHT - timedelta(hours=1)) == MIDNIGHT
    # expires at the end of its expiry date
    assert until(doc(expiry_date=date(2026, 11, 25))) == MIDNIGHT
    assert until(doc(expiry_date=date(2026, 11, 24))) == MIDNIGHT


def test_the_next_meeting_of_a_community() -> None:
    weekly = Schedule(every="week", weekday="wednesday", time=time(8, 30))
    # 2026-11-25 is a Wednesday: 8:30 in Chicago is 14:30 UTC, after NOW_DT
    assert until(doc(schedule=weekly)) == datetime(2026, 11, 25, 8, 30, tzinfo=CHICAGO)


def test_the_earliest_moment_wins() -> None:
    soon = NOW_DT + timedelta(hours=2)
    later = NOW_DT + timedelta(hours=5)
    assert until(doc(end=later), doc(end=soon), doc(title="no dates")) == soon


def test_days_end_at_midnight_where_the_build_says_it_is() -> None:
    """A --now with an offset publishes by the date there: its days end at its midnight."""
    offset = timezone(timedelta(hours=-6))
    evening = datetime(2026, 11, 25, 20, 0, tzinfo=offset)  # 02:00 on the 26th in UTC
    midnight = datetime(2026, 11, 26, 0, 0, tzinfo=offset)
    assert until(now=evening) == midnight
    assert until(doc(publish_date=date(2026, 11, 27)), now=midnight) == midnight + timedelta(days=1)


# --- reusable -------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    opened = Cache(tmp_path / "cache")
    yield opened
    opened.close()


FILES = {"north/index.html": b"\x01" * 16, "north/about/index.html": b"\x02" * 16}
WARNING = Problem("content/north/events/far.md", 4, "far away", "check the year", "warning")


def keep(cache: Cache, inputs: bytes = b"inputs", files: dict[str, bytes] = FILES) -> Snapshot:
    snapshot = Snapshot(inputs, NOW_DT, MIDNIGHT, files, (WARNING,), 12)
    cache.put("states", "north:profile", snapshot)
    return snapshot


def test_a_snapshot_is_reused_for_the_same_inputs_in_its_time(cache: Cache) -> None:
    kept = keep(cache)
    for now in (NOW_DT, NOW_DT + timedelta(hours=5), MIDNIGHT - timedelta(microseconds=1)):
        assert reusable(cache, "north:profile", b"inputs", now, None) == kept


def test_no_snapshot_for_other_inputs_or_another_time(cache: Cache) -> None:
    assert reusable(cache, "north:profile", b"inputs", NOW_DT, None) is None  # none kept
    keep(cache)
    assert reusable(cache, "north:profile", b"edited", NOW_DT, None) is None
    assert reusable(cache, "north:profile", b"inputs", MIDNIGHT, None) is None  # the day ended
    assert reusable(cache, "north:profile", b"inputs", NOW_DT - timedelta(seconds=1), None) is None
    assert reusable(cache, "south:profile", b"inputs", NOW_DT, None) is None


def test_a_snapshot_needs_its_files_in_the_output(cache: Cache) -> None:
    kept = keep(cache)
    assert reusable(cache, "north:profile", b"inputs", NOW_DT, lambda p, d: True) == kept
    missing = "north/about/index.html"
    assert reusable(cache, "north:profile", b"inputs", NOW_DT, lambda p, d: p != missing) is None
    keep(cache, files={})  # kept by a check, which writes nothing
    assert reusable(cache, "north:profile", b"inputs", NOW_DT, lambda p, d: True) is None
    assert reusable(cache, "north:profile", b"inputs", NOW_DT, None) is not None


# --- inputs_of ------------------------------------------------------------------------------


def sources_of(root: Path) -> tuple[Config, list[SourceFile], dict[str, bytes]]:
    config, problems = load_config(root)
    assert config is not None and problems == []
    sources, problems = discover(config)
    assert problems == []
    return config, sources, scan(sources, Cache(None))


def inputs(root: Path, key: str, theme: bytes = b"theme", extra: tuple[object, ...] = ()) -> bytes:
    config, sources, hashes = sources_of(root)
    state = next(s for s in config.states if s.key == key)
    return inputs_of(state, config, sources, hashes, theme, extra)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_inputs_of_a_state(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(SITES / "basic", root)
    north, south = inputs(root, "north"), inputs(root, "south")
    assert north != south and inputs(root, "north") == north
    assert inputs(root, "north", theme=b"another theme") != north
    assert inputs(root, "north", extra=("drafts",)) != north
    edit(root / "content/south/communities/desert.md", "---\n", "---\ndescription: Dry.\n")
    assert inputs(root, "north") == north  # another state's file
    assert inputs(root, "south") != south
    edit(root / "content/training/first-steps.md", "\n", "\n\n")
    assert inputs(root, "north") != north  # national content is every state's
    north = inputs(root, "north")
    (root / "content/north/images").mkdir()
    (root / "content/north/images/map.png").write_bytes(b"not really a picture")
    assert inputs(root, "north") != north
    north = inputs(root, "north")
    edit(root / "content/site.yaml", "tagline: A small site for tests.", "tagline: Another.")
    assert inputs(root, "north") != north


# --- builds ---------------------------------------------------------------------------------


def project(tmp_path: Path) -> Path:
    """The fixture site; the south's only event a week later than the north's."""
    root = tmp_path / "project"
    shutil.copytree(SITES / "basic", root)
    site = root / "content/site.yaml"
    site.write_text(site.read_text() + "search: false\n")
    edit(root / "content/south/events/window-rock.md", "2026-12-05", "2026-12-12")
    return root


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The states each build from now on makes (the others are taken as they were)."""
    made: list[list[str]] = []
    todo = States.todo

    def recording(self: States, *args: Any) -> list[Any]:
        states = todo(self, *args)
        made.append([s.key for s in states])
        return states

    monkeypatch.setattr(States, "todo", recording)
    return made


def run(root: Path, now: datetime = NOW_DT, out: str = "public") -> BuildResult:
    return build(BuildOptions(root, out=root / out, now=now, jobs=1))


def test_a_state_whose_inputs_did_not_change_is_taken_as_it_was(
    tmp_path: Path, built: list[list[str]]
) -> None:
    root = project(tmp_path)
    first = run(root)
    again = run(root)
    assert built == [["north", "south"], []]
    assert (again.parsed, again.rendered, again.written) == (0, 0, 0)
    assert again.pages == first.pages


def test_an_edit_builds_its_state_only(tmp_path: Path, built: list[list[str]]) -> None:
    root = project(tmp_path)
    run(root)
    edit(root / "content/north/pages/about.md", "About us.", "About us, and more.")
    result = run(root)
    assert built[-1] == ["north"]
    assert sorted(result.rendered_paths) == ["north/about/index.html", "north/es/about/index.html"]
    assert "About us, and more." in (root / "public/north/about/index.html").read_text()


def test_a_national_edit_builds_every_state(tmp_path: Path, built: list[list[str]]) -> None:
    root = project(tmp_path)
    run(root)
    edit(root / "content/partners/national-voters.md", "A national partner.", "Nationwide.")
    run(root)
    assert built[-1] == ["north", "south"]


def test_the_clock_passing_an_event_builds_its_state(
    tmp_path: Path, built: list[list[str]]
) -> None:
    """The north's door knocking ends at 19:00 UTC on 2026-12-05; nothing in the south does."""
    root = project(tmp_path)
    ends = datetime(2026, 12, 5, 19, 0, tzinfo=timezone.utc)
    run(root, ends - timedelta(hours=1))
    run(root, ends - timedelta(minutes=1))  # still upcoming
    assert built[-1] == []
    result = run(root, ends)
    assert built[-1] == ["north"]
    assert "north/events/door-knock/index.html" in result.rendered_paths
    past = (root / "public/north/events/past/index.html").read_text()
    assert "/events/door-knock/" in past


def test_a_day_ends_at_midnight_in_the_offset_of_now(
    tmp_path: Path, built: list[list[str]]
) -> None:
    """Built with --now in a time zone of its own, a page whose publish date comes at
    midnight there is published by the first build after it."""
    root = project(tmp_path)
    news = root / "content/north/pages/news.md"
    news.write_text("---\ntitle: News\npublish_date: 2026-11-26\n---\nNews.\n")
    offset = timezone(timedelta(hours=-6))
    run(root, datetime(2026, 11, 25, 20, 0, tzinfo=offset))
    assert not (root / "public/north/news/index.html").exists()
    run(root, datetime(2026, 11, 26, 0, 30, tzinfo=offset))  # the same day in UTC
    assert built[-1] == ["north", "south"]
    assert (root / "public/north/news/index.html").exists()


def test_a_build_in_another_offset_does_not_reuse_a_snapshot(
    tmp_path: Path, built: list[list[str]]
) -> None:
    """Whose date it is depends on the offset: in UTC it is the 26th already."""
    root = project(tmp_path)
    news = root / "content/north/pages/news.md"
    news.write_text("---\ntitle: News\npublish_date: 2026-11-26\n---\nNews.\n")
    run(root, datetime(2026, 11, 25, 20, 0, tzinfo=timezone(timedelta(hours=-6))))
    run(root, datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc))  # an hour later
    assert built[-1] == ["north", "south"]
    assert (root / "public/north/news/index.html").exists()


def test_midnight_ends_every_snapshot(tmp_path: Path, built: list[list[str]]) -> None:
    root = project(tmp_path)
    run(root, datetime(2026, 11, 27, 23, 0, tzinfo=timezone.utc))
    run(root, datetime(2026, 11, 28, 0, 0, tzinfo=timezone.utc))
    assert built[-1] == ["north", "south"]


def test_warnings_are_given_again_for_a_state_taken_as_it_was(
    tmp_path: Path, built: list[list[str]]
) -> None:
    root = project(tmp_path)
    far = root / "content/north/events/far.md"
    far.write_text("---\ntitle: Far away\nkind: rally\nstart: 2028-03-01 18:00\nend: \"19:00\"\n"
                   "place: {type: online}\n---\nLater.\n")  # fmt: skip
    first, again = run(root), run(root)
    assert built[-1] == []
    warned = [p.message for p in first.warnings]
    assert any("more than a year from now" in m for m in warned)
    assert [p.message for p in again.warnings] == warned


def test_a_state_missing_from_the_output_is_built(tmp_path: Path, built: list[list[str]]) -> None:
    root = project(tmp_path)
    run(root)
    run(root, out="elsewhere")  # the snapshot's files are in neither of that folder's two
    assert built[-1] == ["north", "south"]


def test_a_theme_showing_the_time_builds_on_every_new_time(
    tmp_path: Path, built: list[list[str]]
) -> None:
    root = project(tmp_path)
    page = root / "content/north/_templates/404.html"
    page.parent.mkdir()
    page.write_text("<!doctype html><title>{{ t.not_found }}</title><p>{{ now }}</p>\n")
    run(root)
    run(root)
    assert built[-1] == []  # the same time: nothing to show differently
    run(root, NOW_DT + timedelta(minutes=1))
    assert built[-1] == ["north"]
    assert "12:01" in (root / "public/north/404.html").read_text()


def test_nothing_is_kept_without_a_cache(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = build(BuildOptions(root, out=root / "public", now=NOW_DT, jobs=1, cache=False))
    again = build(BuildOptions(root, out=root / "public", now=NOW_DT, jobs=1, cache=False))
    assert again.rendered == first.rendered == first.pages  # every page, every time
    assert not (root / ".hubgen-cache").exists()
