"""What a page read while it rendered, so a later build knows whether it is still fresh.

Templates reach content only through attribute and item lookups on the views
of :mod:`hubgen.render.views`. A :class:`RecordingEnvironment` notes each lookup on a
view as a dependency of the page being rendered:

``("doc", owner)``
    the front matter of a document as the page's language shows it
    (translation, fallback mark, preview note included);
``("body", owner)``
    its Markdown body;
``("value", owner, name)``
    a value computed from other documents or from the build's "now": a
    collection such as ``state.upcoming_events``, a reverse relation such as
    ``community.events``, ``event.is_past``...;
``("now",)``
    the build's time itself;
``("untracked", owner, name)``
    anything outside the template contract: the page is rendered every time.

Owners are ``("state",)``, ``("doc", type, slug)`` and ``("list", kind)``. A
:class:`~hubgen.core.fingerprints.Fingerprints` object gives each dependency's
fingerprint in the current build; a page is fresh when every dependency it recorded still has the
fingerprint it had when the page was rendered. Everything every page of a
state and language depends on (templates, settings, versions) is in the
profile key instead (see :mod:`hubgen.build.incremental`).
"""

from __future__ import annotations

from typing import Any, Protocol

import jinja2

from hubgen.core.fingerprints import Dep


class Tracked(Protocol):
    """A view that can say what one of its attributes depends on."""

    def dep_of(self, attribute: str) -> Dep | None: ...


class Recorder:
    """Collects the dependencies of the page being rendered (none outside a page)."""

    def __init__(self) -> None:
        self.current: set[Dep] | None = None

    def note(self, obj: Any, attribute: Any) -> None:
        if self.current is None:
            return
        dep_of = getattr(type(obj), "dep_of", None)
        if dep_of is not None and isinstance(attribute, str):
            dep = dep_of(obj, attribute)
            if dep is not None:
                self.current.add(dep)

    def start(self) -> None:
        self.current = set()

    def stop(self) -> frozenset[Dep]:
        deps = frozenset(self.current or ())
        self.current = None
        return deps


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that tells its recorder about every lookup on a view."""

    recorder: Recorder

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recorder = Recorder()

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.recorder.note(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.recorder.note(obj, argument)
        return super().getitem(obj, argument)
