"""Fingerprints: a plain, ordered summary of any value a page can read, and its hash.

A dependency (:data:`Dep`) names something a page read (see
:mod:`hubgen.render.recording`); :class:`Fingerprints` gives each dependency's
fingerprint in the current build, so a later build can tell whether a page is
still fresh. Values with no stable summary are :class:`Untrackable`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Hashable
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

Dep = tuple[Hashable, ...]
Fingerprint = bytes


class Untrackable(Exception):
    """A value that has no stable fingerprint."""


def summary(value: Any) -> Hashable:
    """A plain, ordered description of a value: views by identity, data by content."""
    identity = getattr(value, "identity", None)
    if identity is not None and callable(identity):
        return identity()
    if isinstance(value, bytes):
        return ("bytes", value.hex())
    if value is None or isinstance(value, (str, int, float, bool)):
        return value if not isinstance(value, Markup) else str(value)
    if isinstance(value, (list, tuple)):
        return tuple(summary(item) for item in value)
    if isinstance(value, dict):
        return tuple((summary(k), summary(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return ("set", *sorted((summary(item) for item in value), key=repr))
    if isinstance(value, (datetime, time)):
        return (value.isoformat(), str(value.tzinfo))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple(
            (f.name, summary(getattr(value, f.name))) for f in dataclasses.fields(value)
        )
    raise Untrackable(type(value).__name__)


def digest(value: Hashable) -> Fingerprint:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


class Fingerprints:
    """The fingerprint of each dependency in this build, each worked out once."""

    def __init__(self, resolve: Callable[[Dep], Hashable]) -> None:
        self._resolve = resolve
        self._known: dict[Dep, Fingerprint] = {}

    def __call__(self, dep: Dep) -> Fingerprint:
        known = self._known.get(dep)
        if known is None:
            try:
                known = digest(self._resolve(dep))
            except Untrackable:
                known = os.urandom(16)  # never equal to a fingerprint of another build
            self._known[dep] = known
        return known
