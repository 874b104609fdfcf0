"""The PDF panel on a begroting version's page (part "pdf"): "PDF maken" through the documents
flow (``documents:begroting_create``, made by the documents app from the registered type; the
job makes the file) and this version's documents.

A concept's PDF is a new document each time; a vastgestelde version's is archived once, so the
panel then offers that file instead of the button. Who sees which document follows the
begroting's read rule (``finance.pdf_begroting``): the archived file every reader of the
begroting (bestuurder, toezicht, inspectie), the others bestuurder and toezicht. The button is
for ``documents.create`` (the bestuurder).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from swvportal.accounts.permissions import can
from swvportal.documents.selectors import documents_of

from ..models import Begroting
from ..pdf_begroting import BEGROTING_TYPE
from .panels import panel

CREATE = "documents.create"
SHOWN = 10  # the newest other documents in the panel; the documents page lists them all
ADOPTED_HINT = (
    "De PDF van deze vastgestelde versie wordt gearchiveerd en daarna niet meer gewijzigd."
)
CONCEPT_HINT = "Een PDF van een concept wordt niet gearchiveerd: maak hem opnieuw na een wijziging."


def _create_url(begroting: Begroting) -> str:
    kwargs = {"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk}
    return reverse(f"documents:{BEGROTING_TYPE.create_name}", kwargs=kwargs)


@panel(order=50, template="finance/pdf/_panel.html")
def pdf(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict | None:
    """This version's PDFs this member may download, and for the bestuurder the button. Two
    queries, whatever the number of documents."""
    membership = http_request.membership
    mine = documents_of(subject=begroting, membership=membership).filter(kind=BEGROTING_TYPE.key)
    archived = mine.filter(archived=True).first()
    # The archived file stands above the list; the list has the others (made as a concept).
    documents = list(mine.filter(archived=False)[: SHOWN + 1])
    can_create = can(membership, CREATE)
    if archived is None and not documents and not can_create:
        return None
    return {
        "archived": archived,
        "documents": documents[:SHOWN],
        "more_documents": len(documents) > SHOWN,
        "can_create": can_create and archived is None,
        "create_url": _create_url(begroting),
        "hint": ADOPTED_HINT if begroting.is_adopted else CONCEPT_HINT,
    }
