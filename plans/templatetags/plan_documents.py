"""The PDF actions on a plan version's page: its archived PDF, or "PDF maken"."""

from __future__ import annotations

from typing import Any

from django import template

from swvportal.accounts.permissions import can
from swvportal.documents.selectors import documents_of

register = template.Library()


@register.inclusion_tag("plans/_plan_pdf.html", takes_context=True)
def plan_pdf_actions(context: template.Context, plan) -> dict[str, Any]:
    membership = context["request"].membership
    return {
        "plan": plan,
        # The archived PDF of this version, when there is one and this member may see it.
        "archived": documents_of(subject=plan, membership=membership).filter(archived=True).first(),
        "can_create": can(membership, "documents.create"),
        "current_tenant": context.get("current_tenant"),
        "csrf_token": context.get("csrf_token"),
    }
