"""Which issued documents a member may see, and the plan a PDF is made of.

Per role (the capabilities in ``accounts.permissions``):

* everyone: the archived PDFs of adopted plan versions (``documents.view_plan_pdf``);
* bestuurder also the PDFs of concepts (``documents.view_draft_pdf``);
* bestuurder, toezicht and inspectie also the dashboard reports, aggregates only
  (``documents.view_monitoring_pdf``).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from plans.models import ADOPTED_STATUSES, Plan
from plans.selectors import current_plan
from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible
from swvportal.tenancy.models import Tenant

from .models import DocumentKind, IssuedDocument


def document_list(*, membership: Membership) -> QuerySet[IssuedDocument]:
    """Newest first."""
    documents = IssuedDocument.objects.all()
    adopted = documents.filter(
        kind=DocumentKind.OSP, archived=True, plan__status__in=ADOPTED_STATUSES
    )
    shown = (
        visible(adopted, membership, "documents.view_plan_pdf")
        | visible(documents.filter(kind=DocumentKind.OSP), membership, "documents.view_draft_pdf")
        | visible(
            documents.filter(kind=DocumentKind.MONITORING),
            membership,
            "documents.view_monitoring_pdf",
        )
    )
    return shown.select_related("tenant").order_by("-created_at", "-pk")


def archived_document_for(*, plan: Plan, membership: Membership) -> IssuedDocument | None:
    """The archived PDF of this plan version, when there is one and this member may see it."""
    return document_list(membership=membership).filter(plan=plan, archived=True).first()


def plan_for_pdf(*, tenant: Tenant, version: tuple[int, int] | None = None) -> Plan | None:
    """The plan version ``version``, or the newest adopted version, or the newest version.

    Newest means the latest period first, then the highest version number (``Plan.Meta``).
    """
    if version is not None:
        plans = Plan.objects.filter(tenant=tenant)
        return plans.filter(version_major=version[0], version_minor=version[1]).first()
    return current_plan(tenant=tenant)


def default_peildatum(*, tenant: Tenant) -> datetime.date:
    """The newest official peildatum with figures, else today."""
    from monitoring.selectors import latest_peildatum

    return latest_peildatum(tenant=tenant) or timezone.localdate()
