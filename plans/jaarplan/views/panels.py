"""The parts of a jaarplan's page, each contributed by the part that owns it
(``swvportal.core.panels``): the status and approval trail, the PDF, the export and import …
and the actions each part adds to an activity's row.

    @panel(order=10, template="plans/jaarplan/status/_panel.html")
    def status(http_request, jaarplan, can_write) -> dict | None: ...

    @row_action(order=10)
    def progress(http_request, jaarplan, activity) -> RowAction | None: ...

The jaarplan page (``views.pages``) renders the panels above its tree and each row's actions,
so it needs no list of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from swvportal.core.panels import Panels

JAARPLAN_PANELS = Panels(subject="jaarplan")
panel = JAARPLAN_PANELS.panel


@dataclass(frozen=True)
class RowAction:
    label: str  # "Voortgang"
    url: str
    htmx: bool = True  # opens inline (hx-get into the row's detail) rather than a page


ActionFunc = Callable[[HttpRequest, Any, Any], RowAction | None]
_ACTIONS: dict[str, tuple[int, ActionFunc]] = {}


def row_action(*, order: int) -> Callable[[ActionFunc], ActionFunc]:
    def register(fn: ActionFunc) -> ActionFunc:
        _ACTIONS[fn.__name__] = (order, fn)
        return fn

    return register


def panels_for(http_request: HttpRequest, jaarplan, can_write: bool) -> list[dict]:
    return JAARPLAN_PANELS.for_page(http_request, jaarplan, can_write)


def actions_for(http_request: HttpRequest, jaarplan, activity) -> list[RowAction]:
    """The actions each part offers this member on one activity's row (no query of their own:
    a part decides from the objects and the member's capabilities)."""
    found = []
    for _order, fn in sorted(_ACTIONS.values(), key=lambda pair: pair[0]):
        action = fn(http_request, jaarplan, activity)
        if action is not None:
            found.append(action)
    return found
