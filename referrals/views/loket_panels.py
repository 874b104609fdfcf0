"""The parts of a TLV request's page, each contributed by the part of the Loket that owns it
(``swvportal.core.panels``): the dossier's documents, the advices, the decision, the objections.
A part registers its panel in its own views module with ``@panel(order=…, template=…)``."""

from __future__ import annotations

from swvportal.core.panels import Panels

REQUEST_PANELS = Panels(subject="tlv")
panel = REQUEST_PANELS.panel


def panels_for(http_request, tlv, can_write: bool) -> list[dict]:
    return REQUEST_PANELS.for_page(http_request, tlv, can_write)
