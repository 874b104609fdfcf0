"""The parts of a TLV request's page, each contributed by the part of the Loket that owns it.

The request page (``loket_requests``) shows the request itself and then every registered panel
in order: the dossier's documents, the advices, the decision, the objections … A part registers
its panel in its own views module:

    @panel(order=20, template="loket/request/_documents.html")
    def documents(http_request, tlv, can_write) -> dict | None:
        return {"documents": ...}  # the template's context; None: nothing to show this member

so the request page needs no list of them, and the parts can grow apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

PanelContext = Callable[[HttpRequest, Any, bool], dict | None]


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    template: str
    context: PanelContext


_PANELS: dict[str, Panel] = {}


def panel(*, order: int, template: str) -> Callable[[PanelContext], PanelContext]:
    def register(fn: PanelContext) -> PanelContext:
        _PANELS[fn.__name__] = Panel(fn.__name__, order, template, fn)
        return fn

    return register


def panels_for(http_request: HttpRequest, tlv: Any, can_write: bool) -> list[dict]:
    """Each panel this member gets, in order: ``{"name", "template", "html", **context}``.

    ``html`` is the panel rendered with its own context, both as top-level names and as
    ``panel.<name>`` (so a template shared with a page of its own reads the same names there).
    """
    shown = []
    for one in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        context = one.context(http_request, tlv, can_write)
        if context is not None:
            html = render_to_string(
                one.template,
                {"tlv": tlv, "current_tenant": tlv.tenant, **context, "panel": context},
                request=http_request,
            )
            shown.append({"name": one.name, "template": one.template, "html": html, **context})
    return shown
