"""Fingerprints: a value's summary is plain, ordered data, so equal content gives equal
fingerprints in any build and any process; a value with no such summary never looks fresh."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from hubgen.core.fingerprints import Fingerprints, Untrackable, digest, summary
from tests.conftest import REPO

CHICAGO = ZoneInfo("America/Chicago")


@dataclass(frozen=True)
class Meeting:
    where: str
    when: time
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gathering:  # the same fields as Meeting: another type all the same
    where: str
    when: time
    tags: tuple[str, ...] = ()


@dataclass
class Team:
    name: str
    meeting: Meeting | None = None
    members: list[str] = field(default_factory=list)


class Card:
    """A view-like object: summarized by what it stands for, not by what it holds."""

    def __init__(self, slug: str, shown: str) -> None:
        self.slug, self.shown = slug, shown

    def identity(self) -> tuple[str, str]:
        return ("card", self.slug)


class Opaque:
    pass


def test_plain_values_are_their_own_summary() -> None:
    for value in ("Harbor Town", 40, 2.5, True, False, None, ""):
        assert summary(value) == value
        assert type(summary(value)) is type(value)


def test_markup_is_summarized_as_plain_text() -> None:
    shown = summary(Markup("<b>Harbor</b>"))
    assert shown == "<b>Harbor</b>"
    assert type(shown) is str


def test_bytes_are_summarized_as_hex() -> None:
    assert summary(b"\x00\xff") == ("bytes", "00ff")
    assert summary(b"abc") != summary("abc")


def test_lists_tuples_and_dicts_keep_their_order() -> None:
    assert summary([1, [2, "three"]]) == (1, (2, "three"))
    assert summary([1, 2]) == summary((1, 2))
    assert summary([1, 2]) != summary([2, 1])
    assert summary({"b": 1, "a": [2]}) == (("b", 1), ("a", (2,)))
    assert summary({"b": 1, "a": 2}) != summary({"a": 2, "b": 1})  # the order is shown


def test_sets_do_not_depend_on_their_order() -> None:
    words = ["canvass", "phone bank", "text bank", "rally", "meeting"]
    assert summary(set(words)) == summary(set(reversed(words)))
    assert summary(frozenset(words)) == summary(set(words))
    assert summary({1, "1"}) == summary({"1", 1})
    assert summary(set(words)) != summary(words)  # a set is not a list of the same items
    assert summary(set()) == ("set",)


def test_dates_and_times_with_their_zones() -> None:
    local = datetime(2026, 12, 5, 10, 0, tzinfo=CHICAGO)
    assert summary(local) == ("2026-12-05T10:00:00-06:00", "America/Chicago")
    same_instant = local.astimezone(timezone.utc)
    assert summary(same_instant) != summary(local)  # shown differently on a page
    # the same offset today, another zone's rules tomorrow
    mexico = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    assert mexico.utcoffset() == local.utcoffset()
    assert summary(mexico) != summary(local)
    assert summary(local.replace(tzinfo=None)) == ("2026-12-05T10:00:00", "None")
    assert summary(time(18, 30)) == ("18:30:00", "None")
    assert summary(time(18, 30, tzinfo=timezone.utc)) == ("18:30:00+00:00", "UTC")
    assert summary(date(2026, 12, 5)) == "2026-12-05"
    assert summary(datetime(2026, 12, 5)) != summary(date(2026, 12, 5))  # midnight is not a day


def test_paths_are_summarized_as_text() -> None:
    assert summary(PurePosixPath("content/testland/index.md")) == "content/testland/index.md"
    assert summary(Path("a") / "b") == str(Path("a") / "b")


def test_dataclasses_by_type_and_fields() -> None:
    meeting = Meeting("the library", time(18, 30), ("monthly",))
    assert summary(meeting) == (
        "Meeting", ("where", "the library"), ("when", ("18:30:00", "None")), ("tags", ("monthly",))
    )  # fmt: skip
    assert summary(Gathering("the library", time(18, 30), ("monthly",))) != summary(meeting)
    team = Team("Harbor", meeting, ["Ada Example", "Bo Sample"])
    assert summary(team) == ("Team", ("name", "Harbor"), ("meeting", summary(meeting)),
                             ("members", ("Ada Example", "Bo Sample")))  # fmt: skip
    assert summary(Team("Harbor")) == ("Team", ("name", "Harbor"), ("meeting", None),
                                       ("members", ()))  # fmt: skip


def test_a_dataclass_type_itself_is_not_summarized_as_an_instance() -> None:
    with pytest.raises(Untrackable):
        summary(Meeting)


def test_views_are_summarized_by_identity() -> None:
    assert summary(Card("harbor", "Harbor Town")) == ("card", "harbor")
    assert summary(Card("harbor", "Harbor Town")) == summary(Card("harbor", "Renamed"))
    assert summary([Card("a", ""), Card("b", "")]) == (("card", "a"), ("card", "b"))


def test_an_identity_that_is_not_a_method_is_data() -> None:
    @dataclass
    class Badge:
        identity: str

    assert summary(Badge("volunteer")) == ("Badge", ("identity", "volunteer"))


def test_values_without_a_summary_are_untrackable() -> None:
    for value in (Opaque(), object(), lambda: 1, CHICAGO, [1, Opaque()], {"a": Opaque()}):
        with pytest.raises(Untrackable):
            summary(value)
    with pytest.raises(Untrackable, match="Opaque"):
        summary(Opaque())


def test_digest_is_short_and_tells_summaries_apart() -> None:
    one = digest(summary({"title": "Harbor Town", "counties": ["Dane"]}))
    assert isinstance(one, bytes) and len(one) == 16
    assert one == digest(summary({"title": "Harbor Town", "counties": ["Dane"]}))
    assert one != digest(summary({"title": "Harbor Town", "counties": ["Sauk"]}))
    assert digest(1) != digest("1") != digest(True)
    assert digest(("a", "b")) != digest(("ab",))


SET_DIGEST = (
    "from hubgen.core.fingerprints import digest, summary;"
    "print(digest(summary({'canvass', 'phone bank', 'rally', 'text bank', 'meeting'})).hex())"
)


def test_a_set_digests_the_same_in_any_process() -> None:
    """String hashing, and so a set's order, changes from process to process."""
    seen = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", SET_DIGEST], capture_output=True, text=True,
                              cwd=REPO, env={"PYTHONHASHSEED": seed}, check=True)  # fmt: skip
        seen.add(done.stdout.strip())
    assert len(seen) == 1


def test_fingerprints_work_each_dependency_out_once() -> None:
    asked: list[tuple[str, ...]] = []

    def resolve(dep: tuple[str, ...]) -> object:
        asked.append(dep)
        return ("value of", *dep)

    fingerprints = Fingerprints(resolve)
    first = fingerprints(("doc", "harbor"))
    assert first == digest(("value of", "doc", "harbor"))
    assert fingerprints(("doc", "harbor")) == first
    assert fingerprints(("doc", "bluff")) != first
    assert asked == [("doc", "harbor"), ("doc", "bluff")]


def test_an_untrackable_dependency_never_matches_another_build() -> None:
    def resolve(dep: tuple[str, ...]) -> object:
        raise Untrackable(dep[0])

    builds = [Fingerprints(resolve) for _ in range(5)]
    prints = [build(("untracked", "DocView", "volunteers")) for build in builds]
    assert len(set(prints)) == len(prints)
    assert all(len(p) == 16 for p in prints)
    first = builds[0]
    assert first(("untracked", "DocView", "volunteers")) == prints[0]  # stable within a build


def test_other_errors_of_resolving_are_not_hidden() -> None:
    def resolve(dep: tuple[str, ...]) -> object:
        raise KeyError(dep)

    with pytest.raises(KeyError):
        Fingerprints(resolve)(("doc", "harbor"))
