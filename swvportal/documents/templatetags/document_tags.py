"""The PDF actions on a plan version's page, so the plans app needs no documents code."""

from __future__ import annotations

from typing import Any

from django import template

from swvportal.accounts.permissions import can

from ..selectors import archived_document_for

register = template.Library()


@register.inclusion_tag("documents/_plan_pdf.html", takes_context=True)
def plan_pdf_actions(context: template.Context, plan) -> dict[str, Any]:
    membership = context["request"].membership
    return {
        "plan": plan,
        "archived": archived_document_for(plan=plan, membership=membership),
        "can_create": can(membership, "documents.create"),
        "current_tenant": context.get("current_tenant"),
        "csrf_token": context.get("csrf_token"),
    }
