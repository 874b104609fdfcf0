"""Pages made of parts that different modules contribute: a TLV request's page (dossier,
advices, decision …), a jaarplan's page (status, PDF, export …).

A page owns one ``Panels`` registry; a part registers its panel in its own views module:

    @REQUEST_PANELS.panel(order=20, template="loket/request/_documents.html")
    def documents(http_request, tlv, can_write) -> dict | None:
        return {"documents": ...}  # the template's context; None: nothing to show this member

so the page needs no list of its parts, and the parts can grow apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class Panels:
    """The panels of one kind of page; ``subject`` is the name the templates know it by."""

    subject: str
    _panels: dict[str, Panel] = field(default_factory=dict)

    def panel(self, *, order: int, template: str) -> Callable[[PanelContext], PanelContext]:
        def register(fn: PanelContext) -> PanelContext:
            self._panels[fn.__name__] = Panel(fn.__name__, order, template, fn)
            return fn

        return register

    def for_page(self, http_request: HttpRequest, subject: Any, can_write: bool) -> list[dict]:
        """Each panel this member gets, in order: ``{"name", "template", "html", **context}``.

        ``html`` is the panel rendered with its own context, both as top-level names and as
        ``panel.<name>`` (so a template shared with a page of its own reads the same names).
        """
        shown = []
        for one in sorted(self._panels.values(), key=lambda p: (p.order, p.name)):
            context = one.context(http_request, subject, can_write)
            if context is not None:
                html = render_to_string(
                    one.template,
                    {
                        self.subject: subject,
                        "current_tenant": subject.tenant,
                        **context,
                        "panel": context,
                    },
                    request=http_request,
                )
                shown.append({"name": one.name, "template": one.template, "html": html, **context})
        return shown
