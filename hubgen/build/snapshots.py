"""Whole states that need no work: an edit in one state leaves the others alone.

After a successful build the cache keeps, for each state it built, a
:class:`Snapshot`: a hash of everything the state's site is made from (the
text of every file in its folder and of the national content, its images,
the settings, its theme, the options and the code), the build's time and the
first moment after it at which time alone could change the site (an event
ending, a page being published or expiring, a meeting starting, midnight), the
state's output files and the warnings it gave. A later build with the same
inputs, whose time is in between, takes the state as it is: nothing of it is
parsed, linked, rendered or written, and its warnings are given again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from hubgen.build.swap import Swap
from hubgen.content.config import Config, StateConfig
from hubgen.content.discovery import NATIONAL, SourceFile
from hubgen.content.documents import Document
from hubgen.content.images import FOLDER as IMAGES
from hubgen.content.linking import FAR_AHEAD, StateSite
from hubgen.content.types import REGISTRY
from hubgen.core.cache import Cache
from hubgen.core.codestamp import code_stamp
from hubgen.core.errors import Problem
from hubgen.core.fingerprints import digest


@dataclass(frozen=True)
class Snapshot:
    inputs: bytes
    now: datetime
    until: datetime  # the first moment the clock alone could change the site
    files: Mapping[str, bytes]  # its output files under '<state>/' (empty for a check)
    warnings: tuple[Problem, ...]
    pages: int


def inputs_of(state: StateConfig, config: Config, sources: Iterable[SourceFile],
              hashes: Mapping[str, bytes], theme: bytes,
              extra: tuple[object, ...]) -> bytes:  # fmt: skip
    """Everything the state's site is made from, as one hash."""
    files = sorted((s.shown, hashes.get(s.shown, b"")) for s in sources
                   if s.state in (state.key, NATIONAL))  # fmt: skip
    images = [_folder_files(folder) for folder in (config.content / IMAGES, state.folder / IMAGES)]
    return digest(("state", repr(config.site), repr(state), tuple(files), tuple(images), theme,
                   extra))  # fmt: skip


def _folder_files(folder: Path) -> tuple[tuple[str, bytes], ...]:
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, hashlib.blake2b(p.read_bytes(), digest_size=16).digest())
                        for p in folder.iterdir() if p.is_file()))  # fmt: skip


def valid_until(documents: Iterable[Document], now: datetime, state: StateConfig) -> datetime:
    """The first moment after ``now`` at which the time alone changes what a build makes:
    an event ends (or comes within a year), a page is published or expires, a community
    meeting starts, or the day ends: the time fields of each type (see TypeSpec)."""
    zone = now.tzinfo or timezone.utc  # dates are now's own: an offset --now keeps its own
    moments = [datetime.combine(now.date() + timedelta(days=1), time(0), zone)]
    for doc in documents:
        meta, spec = doc.meta, REGISTRY[doc.source.type]
        start, end = meta.get(spec.starts), meta.get(spec.ends)
        for moment in (end, start and start - FAR_AHEAD):
            if isinstance(moment, datetime):
                moments.append(moment)
        if meta.get("publish_date"):
            moments.append(datetime.combine(meta["publish_date"], time(0), zone))
        if meta.get("expiry_date"):
            day = meta["expiry_date"] + timedelta(days=1)
            moments.append(datetime.combine(day, time(0), zone))
        schedule = meta.get(spec.repeats)
        if schedule is not None:
            moments += schedule.meetings_after(now, state.zone, 1)
    return min(m for m in moments if m > now)


def reusable(cache: Cache, key: str, inputs: bytes, now: datetime,
             available: Callable[[str, bytes], bool] | None) -> Snapshot | None:  # fmt: skip
    """The state's snapshot, if it still holds for these inputs and this time, and (when
    the build writes) its files are still in the output folders."""
    snapshot = cache.get("states", key)
    if not isinstance(snapshot, Snapshot) or snapshot.inputs != inputs:
        return None
    if not snapshot.now <= now < snapshot.until:
        return None
    if available is not None and not (
        snapshot.files and all(available(p, d) for p, d in snapshot.files.items())
    ):
        return None
    return snapshot


class States:
    """Which states a build must make, and what the others were when last made."""

    def __init__(self, config: Config, themes: Mapping[str, Any], now: datetime,
                 profile: tuple[Hashable, ...], cache: Cache,
                 output: Swap | None) -> None:  # fmt: skip
        """``profile`` is what else decides every state's output: drafts shown, search..."""
        self.config, self.themes, self.now = config, themes, now
        self.cache, self.output = cache, output
        self.reused: dict[str, Snapshot] = {}
        self.inputs: dict[str, bytes] = {}
        self.uses_now: dict[str, bool] = {}
        self.pages = 0  # of the states taken as they were
        self.profile = digest((code_stamp(), *profile, now.utcoffset())).hex()

    def todo(self, sources: list[SourceFile], hashes: Mapping[str, bytes]) -> list[StateConfig]:
        """The states to build; the others are taken from their snapshots."""
        available = self.output.available if self.output is not None else None
        for state in self.config.states:
            themed = self.themes.get(state.key)
            if themed is None:
                continue
            theme, self.uses_now[state.key] = themed.key, themed.reads_now
            inputs = inputs_of(state, self.config, sources, hashes, theme, (self.profile,))
            self.inputs[state.key] = inputs
            found = reusable(self.cache, f"{state.key}:{self.profile}", inputs, self.now,
                             available)  # fmt: skip
            if found is not None:
                self.reused[state.key] = found
                self.pages += found.pages
                if self.output is not None:
                    self.output.keep_files(found.files)
        return [s for s in self.config.states if s.key not in self.reused]

    def reused_warnings(self) -> list[Problem]:
        return [p for snapshot in self.reused.values() for p in snapshot.warnings]

    def remember(self, sites: Iterable[StateSite], documents: Iterable[Document],
                 pages: Mapping[str, int], problems: Iterable[Problem]) -> None:  # fmt: skip
        """Keep a snapshot of each state this build made."""
        now, docs, found = self.now, list(documents), list(problems)
        for site in sites:
            key = site.config.key
            if key not in self.inputs:
                continue
            if self.uses_now.get(key):
                until = now + timedelta(microseconds=1)  # a template shows the time itself
            else:
                originals = site.config.languages[0]  # a translation has no time of its own
                mine = [d for d in docs if d.source.state in (key, NATIONAL)
                        and d.source.lang == originals]  # fmt: skip
                until = valid_until(mine, now, site.config)
            files: dict[str, bytes] = {}
            if self.output is not None:
                files = {p: d for p, d in self.output.files.items() if p.startswith(f"{key}/")}
            warnings = tuple(p for p in found if p.severity == "warning" and p.state in (key, ""))
            snapshot = Snapshot(self.inputs[key], now, until, files, warnings, pages.get(key, 0))
            self.cache.put("states", f"{key}:{self.profile}", snapshot)
