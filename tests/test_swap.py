"""The published folder and its spare: a build writes only the files that changed into the
spare, unchanged files stay the same files, and until the swap the published folder is
never touched."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from hubgen.build.output import MARKER, OutputError, write_file
from hubgen.build.swap import Swap, can_exchange, content_hash, exchange, share_file
from hubgen.core.cache import Cache

ONE = {"north/index.html": b"<p>North</p>", "north/events/index.html": b"<p>Events</p>",
       "south/index.html": b"<p>South</p>"}  # fmt: skip


@pytest.fixture
def out(tmp_path: Path) -> Path:
    if not can_exchange(tmp_path / "public"):
        pytest.skip("folders cannot be exchanged atomically on this file system")
    return tmp_path / "public"


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    opened = Cache(tmp_path / "cache")
    yield opened
    opened.close()


def publish(out: Path, cache: Cache, files: Mapping[str, bytes],
            only: tuple[str, ...] | None = None) -> Swap:  # fmt: skip
    """One build's output, the way a build writes it: declared, written, settled, swapped."""
    swap = Swap(out, cache, only)
    try:
        swap.declare([p for p, data in files.items() if swap.has.get(p) != content_hash(data)])
        for path, data in files.items():
            swap.write(path, data)
        swap.settle()
        swap.commit()
    finally:
        swap.release()
    return swap


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def spare(out: Path) -> Path:
    return out.parent / f".{out.name}.previous"


def beside(out: Path) -> list[str]:
    """What the builds left beside the published folder."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in ("cache",))


def test_content_hash() -> None:
    assert content_hash(b"<p>North</p>") == content_hash(b"<p>North</p>")
    assert content_hash(b"<p>North</p>") != content_hash(b"<p>North</p>\n")
    assert len(content_hash(b"")) == 16


def test_share_file_links_and_replaces(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    (source / "events").mkdir(parents=True)
    (source / "events/index.html").write_bytes(b"new")
    share_file(source, target, "events/index.html")  # makes the folders it needs
    made = target / "events/index.html"
    assert made.stat().st_ino == (source / "events/index.html").stat().st_ino
    (tmp_path / "elsewhere").write_bytes(b"old")
    os.replace(tmp_path / "elsewhere", target / "events/index.html")
    share_file(source, target, "events/index.html")  # replaces what was there
    assert made.read_bytes() == b"new"


def test_exchange_swaps_two_folders(out: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a").write_text("first")
    (second / "b").write_text("second")
    exchange(first, second)
    assert os.listdir(first) == ["b"] and os.listdir(second) == ["a"]
    with pytest.raises(OSError):
        exchange(first, tmp_path / "missing")


def test_can_exchange_leaves_nothing_behind(out: Path) -> None:
    assert can_exchange(out)
    assert beside(out) == []


def test_the_first_build_publishes_and_keeps_a_spare_of_shared_files(
    out: Path, cache: Cache
) -> None:
    swap = publish(out, cache, ONE)
    assert swap.written == 3
    assert tree(out) == {**ONE, MARKER: tree(out)[MARKER]}
    shared = inodes(spare(out))
    assert {p: shared[p] for p in ONE} == {p: inodes(out)[p] for p in ONE}  # hard links
    assert beside(out) == [".public.previous", "public"]  # no work folder, no lock


def test_a_rebuild_writes_only_the_changed_files(out: Path, cache: Cache) -> None:
    publish(out, cache, ONE)
    before = inodes(out)
    swap = publish(out, cache, {**ONE, "south/index.html": b"<p>South, again</p>"})
    assert swap.written == 1
    after = inodes(out)
    assert after["south/index.html"] != before["south/index.html"]
    assert {p: after[p] for p in ONE if p != "south/index.html"} == {
        p: before[p] for p in ONE if p != "south/index.html"
    }
    assert tree(out)["south/index.html"] == b"<p>South, again</p>"
    assert tree(spare(out))["south/index.html"] == b"<p>South</p>"  # the build before
    assert publish(out, cache, {**ONE, "south/index.html": b"<p>South, again</p>"}).written == 0


def test_a_file_unchanged_since_the_last_build_stays_the_same_file(out: Path, cache: Cache) -> None:
    """The spare holds the build before last: a file that changed in the last build but not
    in this one differs from the spare's, and is copied from the published folder, as the
    same file, rather than written again."""
    publish(out, cache, ONE)
    second = {**ONE, "south/index.html": b"<p>South, again</p>"}
    publish(out, cache, second)
    before = {p: (out / p).stat() for p in second}
    third = {**second, "north/index.html": b"<p>North, again</p>"}
    assert publish(out, cache, third).written == 1
    for path in ("south/index.html", "north/events/index.html"):
        now = (out / path).stat()
        assert (now.st_ino, now.st_mtime_ns) == (before[path].st_ino, before[path].st_mtime_ns)
    assert tree(out)["north/index.html"] == b"<p>North, again</p>"


def test_files_no_longer_made_are_removed(out: Path, cache: Cache) -> None:
    publish(out, cache, ONE)
    swap = publish(out, cache, {"north/index.html": ONE["north/index.html"]})
    assert sorted(tree(out)) == [MARKER, "north/index.html"]
    assert not (out / "south").exists() and not (out / "north/events").exists()
    assert swap.written == 0  # nothing written; two files gone


def test_abort_leaves_the_published_folder_untouched(out: Path, cache: Cache) -> None:
    publish(out, cache, ONE)
    published, shared = tree(out), inodes(out)
    swap = Swap(out, cache)
    try:
        swap.declare(["north/index.html", "west/index.html"])
        swap.write("west/index.html", b"<p>West</p>")
        write_file(swap.folder, "north/index.html", b"<p>Half a bu")  # stopped while writing
        swap.abort()
    finally:
        swap.release()
    assert tree(out) == published and inodes(out) == shared
    # what the spare's record says stays true: the next build trusts nothing it declared
    publish(out, cache, ONE)
    assert tree(out) == published


def test_a_failure_while_settling_leaves_the_published_folder(out: Path, cache: Cache) -> None:
    publish(out, cache, ONE)
    published = tree(out)
    swap = Swap(out, cache)
    try:
        swap.keep_files({"north/gone.html": content_hash(b"not in either folder")})
        with pytest.raises(OutputError, match="an output file went missing"):
            swap.settle()
        swap.abort()
    finally:
        swap.release()
    assert tree(out) == published


def test_without_a_cache_a_new_folder_is_swapped_in_whole(out: Path) -> None:
    nothing = Cache(None)
    first = publish(out, nothing, ONE)
    assert first.fresh and first.written == 3
    second = publish(out, nothing, {**ONE, "south/index.html": b"<p>South, again</p>"})
    assert second.fresh
    assert tree(out)["south/index.html"] == b"<p>South, again</p>"
    assert beside(out) == ["public"]  # no spare without a record of it


def test_one_state_leaves_the_others_as_they_are(out: Path, cache: Cache) -> None:
    publish(out, cache, ONE)
    south = (out / "south/index.html").stat().st_ino
    north = {"north/index.html": b"<p>North, again</p>"}  # its events page is gone
    publish(out, cache, north, only=("north",))
    assert tree(out) == {**north, "south/index.html": ONE["south/index.html"],
                         MARKER: tree(out)[MARKER]}  # fmt: skip
    assert (out / "south/index.html").stat().st_ino == south


def test_what_either_folder_holds_is_available(out: Path, cache: Cache) -> None:
    publish(out, cache, ONE)
    publish(out, cache, {**ONE, "south/index.html": b"<p>South, again</p>"})
    swap = Swap(out, cache)
    try:
        assert swap.known_spare
        assert swap.available("south/index.html", content_hash(b"<p>South</p>"))  # the spare
        assert swap.available("south/index.html", content_hash(b"<p>South, again</p>"))  # live
        assert not swap.available("south/index.html", content_hash(b"<p>Other</p>"))
        assert not swap.available("west/index.html", content_hash(b"<p>South</p>"))
    finally:
        swap.release()


def test_changed_compares_a_folder_with_the_published_one(out: Path, cache: Cache) -> None:
    publish(out, cache, {**ONE, "north/pagefind/index.js": b"old index"})
    swap = Swap(out, cache)
    try:
        swap.keep_files({p: content_hash(d) for p, d in ONE.items()})
        swap.keep("north/pagefind/")
        assert not swap.changed("north/", "north/pagefind/")
        swap.files["north/pagefind/index.js"] = content_hash(b"new index")
        assert not swap.changed("north/", "north/pagefind/")  # left out
        swap.files["north/index.html"] = content_hash(b"<p>North, again</p>")
        assert swap.changed("north/", "north/pagefind/")
        assert not swap.changed("south/", "south/pagefind/")
    finally:
        swap.release()
