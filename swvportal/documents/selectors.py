"""Which issued documents a member may see: per registered type, by its capabilities.

An archived document is read with the type's ``read_capability`` (the adopted plan's PDF:
``documents.view_plan_pdf``, every role), any document with its ``draft_capability`` (concepts:
``documents.view_draft_pdf``, the bestuurder; the monitoring report, never archived:
``documents.view_monitoring_pdf``). The capabilities and their roles live in the role ×
capability table (``accounts.permissions``).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible

from . import registry
from .models import IssuedDocument


def document_list(*, membership: Membership) -> QuerySet[IssuedDocument]:
    """Newest first."""
    documents = IssuedDocument.objects.all()
    shown = documents.none()
    for document_type in registry.all_types():
        of_type = documents.filter(kind=document_type.key)
        shown = (
            shown
            | visible(of_type.filter(archived=True), membership, document_type.read_capability)
            | visible(of_type, membership, document_type.draft_capability)
        )
    return shown.select_related("tenant").order_by("-created_at", "-pk")


def documents_of(*, subject, membership: Membership) -> QuerySet[IssuedDocument]:
    """The documents made of ``subject`` (a plan version …) that this member may see."""
    return document_list(membership=membership).filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )
