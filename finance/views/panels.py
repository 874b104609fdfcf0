"""The parts of a begroting version's page, each contributed by the part that owns it
(``swvportal.core.panels``): the status and approval trail, the reserve checks, the Loket's
forecast, the PDF, the export …

    @panel(order=10, template="finance/status/_panel.html")
    def status(http_request, begroting, can_write) -> dict | None: ...

The page (``views.pages``) renders the panels after its table, so it needs no list of them.
"""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.panels import Panels

BEGROTING_PANELS = Panels(subject="begroting")
panel = BEGROTING_PANELS.panel


def panels_for(http_request: HttpRequest, begroting, can_write: bool) -> list[dict]:
    return BEGROTING_PANELS.for_page(http_request, begroting, can_write)
