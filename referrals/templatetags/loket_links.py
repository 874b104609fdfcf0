"""``{% loket_links %}``: the Loket's other pages, each shown only to who may open it.

The main menu holds the Loket's three entry points (the requests, the deskundige's own advices,
the TLV register); everything else the Loket does is one click from its worklist, here.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from swvportal.accounts.permissions import can

register = template.Library()

# (label, URL name, capability), in the order of the Loket's work.
LINKS = [
    ("Vergaderingen", "loket:meeting_list", "referrals.handle_tlv_requests"),
    ("Bezwaren", "loket:objection_list", "referrals.record_objections"),
    ("Aflopende TLV's", "loket:expiring_list", "referrals.view_tlv_register"),
    ("Externe verwijzingen", "loket:referral_list", "referrals.record_referrals"),
    (
        "Toekomstgerichte gesprekken",
        "loket:conversation_list",
        "referrals.record_future_conversations",
    ),
    ("Deskundigen", "loket:deskundige_list", "referrals.manage_deskundigen"),
    ("TLV-register", "loket:register", "referrals.view_tlv_register"),
    ("Bedragen per categorie", "loket:amount_list", "referrals.change_loket_settings"),
    ("TLV's inlezen", "loket:tlv_import", "referrals.import_tlvs"),
]


@register.inclusion_tag("loket/_links.html", takes_context=True)
def loket_links(context, current: str = "") -> dict:
    request = context["request"]
    membership = getattr(request, "membership", None)
    code = membership.tenant.code if membership else ""
    links = [
        {
            "label": label,
            "url": reverse(name, kwargs={"tenant_code": code}),
            "current": name == current,
        }
        for label, name, capability in LINKS
        if membership is not None and can(membership, capability)
    ]
    return {"links": links}
