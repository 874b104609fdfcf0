"""The one way views get an issued document (the rule of ``swvportal.core.access``)."""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.access import ObjectAccess

from .models import IssuedDocument
from .selectors import document_list

# No ``may_write``: an issued document never changes (a new PDF is a new document).
DOCUMENTS: ObjectAccess[IssuedDocument] = ObjectAccess(
    lambda membership: document_list(membership=membership),
    not_found="Dit document bestaat niet of u mag het niet inzien.",
)


def get_document_for_user(request: HttpRequest, document_id: int) -> tuple[IssuedDocument, bool]:
    """A document this member may see (404 otherwise); it is never writable."""
    return DOCUMENTS.get_for_user(request, document_id)
