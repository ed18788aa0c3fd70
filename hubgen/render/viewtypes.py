"""What a module that reads views may rely on, without importing the views themselves.

Calendars, JSON-LD, the ZIP finder and feeds read documents and states the way
templates do, through the views of :mod:`hubgen.render.views` and
:mod:`hubgen.render.stateview`. Those views reach back to them for computed
values (``event.google_calendar_url``, ``page.json_ld``), so the readers name
their arguments with this protocol rather than the classes, and no module
imports itself back.
"""

from __future__ import annotations

from typing import Any, Protocol


class View(Protocol):
    """A document's, list's or state's view: any attribute of the template contract."""

    def __getattr__(self, name: str) -> Any: ...
