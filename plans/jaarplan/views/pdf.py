"""The PDF panel on the jaarplan's page (part "pdf"): "PDF maken" through the documents flow
(``documents:jaarplan_create`` and ``documents:jaarplan_evaluation_create``, made by the
documents app from the registered types; the job makes the file) and this version's documents.

* The jaarplan: a concept's PDF is a new document each time; a vastgesteld version's is
  archived once, so the panel then offers that file instead of the button.
* After the vaststelling: the progress (a new document each time), and after the evaluation the
  evaluation (archived once).

Who sees which document follows the jaarplan's read rule (``pdf_types``); the button is for
``documents.create`` (the bestuurder).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from swvportal.accounts.permissions import can
from swvportal.documents.models import IssuedDocument
from swvportal.documents.selectors import documents_of

from ...models import Jaarplan, JaarplanStatus
from ..pdf_types import EVALUATION, JAARPLAN
from .panels import panel

CREATE = "documents.create"
SHOWN = 10  # the newest other documents in the panel; the documents page lists them all


@dataclass(frozen=True)
class PdfAction:
    """One PDF this version can have: its archived file, or the button that makes it."""

    url: str  # the documents app's "PDF maken" of this type (POST)
    button: str  # "PDF maken"
    hint: str
    archived: IssuedDocument | None


def _create_url(jaarplan: Jaarplan, name: str) -> str:
    kwargs = {"tenant_code": jaarplan.tenant.code, "jaarplan_id": jaarplan.pk}
    return reverse(f"documents:{name}", kwargs=kwargs)


def _actions(jaarplan: Jaarplan, archived: dict[str, IssuedDocument]) -> list[PdfAction]:
    adopted = jaarplan.is_adopted
    actions = [
        PdfAction(
            _create_url(jaarplan, "jaarplan_create"),
            "PDF maken",
            "De PDF van deze vastgestelde versie wordt gearchiveerd en daarna niet meer "
            "gewijzigd. Hij toont het jaarplan zoals het is vastgesteld."
            if adopted
            else "Een PDF van een concept wordt niet gearchiveerd.",
            archived.get(JAARPLAN),
        )
    ]
    if jaarplan.status == JaarplanStatus.EVALUATED:
        actions.append(
            PdfAction(
                _create_url(jaarplan, "jaarplan_evaluation_create"),
                "PDF met de evaluatie maken",
                "Met de evaluatie van elke activiteit en een telling per pijler; wordt "
                "gearchiveerd en daarna niet meer gewijzigd.",
                archived.get(EVALUATION),
            )
        )
    elif adopted:
        actions.append(
            PdfAction(
                _create_url(jaarplan, "jaarplan_evaluation_create"),
                "PDF met de voortgang maken",
                "De status van de activiteiten van vandaag; elke keer een nieuwe PDF, niet "
                "gearchiveerd.",
                None,
            )
        )
    return actions


@panel(order=30, template="plans/jaarplan/pdf_panel/_panel.html")
def pdf(http_request: HttpRequest, jaarplan: Jaarplan, can_write: bool) -> dict | None:
    """This version's PDFs this member may download, and for the bestuurder the buttons. Two
    queries, whatever the number of documents."""
    membership = http_request.membership
    mine = documents_of(subject=jaarplan, membership=membership)
    archived = {d.kind: d for d in mine.filter(archived=True)}
    # The archived files stand with their kind above the list; the list has the others.
    documents = list(mine.filter(archived=False)[: SHOWN + 1])
    can_create = can(membership, CREATE)
    if not documents and not archived and not can_create:
        return None
    actions = _actions(jaarplan, archived)
    if not can_create:
        actions = [a for a in actions if a.archived is not None]
    return {
        "documents": documents[:SHOWN],
        "more_documents": len(documents) > SHOWN,
        "archived_any": bool(archived),
        "actions": actions,
        "can_create": can_create,
    }
