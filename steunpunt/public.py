"""The public form's rules (part "public"): what a submission stores, the rate limit per client
address, and the e-mail to the steunpunt's staff.

* A submission is one :class:`~steunpunt.models.Contact` with channel *formulier*; a call-back
  request sits beside it (``services.callback_set``), never in the contact.
* The rate limit is allauth's (``allauth.core.internal.ratelimit``, a sliding window behind a
  cache lock) in the platform's database cache (``settings.RATE_LIMIT_CACHE``, set in
  ``accounts.apps``), keyed on the tenant and the client address of ``accounts.lockout``.
* The e-mail names nobody and holds no text of the asker: only that there is a new contact, and
  the link to it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from swvportal.accounts.lockout import client_ip
from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.tenancy.models import School, Tenant

from . import services
from .models import Channel, Contact, SteunpuntSettings, Theme
from .selectors import HANDLE

logger = logging.getLogger(__name__)

# A whole form (4000 characters of text, even all in multi-byte characters, and the call-back
# fields) stays well under this; anything larger is refused before it is parsed.
MAX_BODY_BYTES = 20 * 1024
RATE_ACTION = "steunpunt_form"


def form_settings(tenant: Tenant) -> SteunpuntSettings:
    """The tenant's settings, read only: an anonymous visit never writes a row."""
    return SteunpuntSettings.objects.filter(tenant=tenant).first() or SteunpuntSettings(
        tenant=tenant
    )


def body_too_large(request: HttpRequest) -> bool:
    """Judged on the declared length, before Django reads the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY_BYTES


def rate_limit_consume(request: HttpRequest, tenant: Tenant) -> bool:
    """Count this post; False when the address already sent the most allowed this minute."""
    address = ratelimit.truncate_ip(client_ip(request) or "onbekend")  # IPv6: per /64 network
    rate = f"{settings.STEUNPUNT_FORM_POSTS_PER_MINUTE}/m/key"
    usage = ratelimit.consume(
        request,
        app="steunpunt",
        action=RATE_ACTION,
        config={RATE_ACTION: rate},
        key=f"{tenant.pk}:{address}",
        raise_exception=False,
    )
    return usage is not None


def submission_create(
    *,
    tenant: Tenant,
    asker: str,
    message: str,
    school: School | None = None,
    theme: Theme | None = None,
    callback: Mapping | None = None,
) -> Contact:
    """The form's contact (and call-back request), then the e-mail to the staff."""
    with transaction.atomic():
        contact = services.contact_create(
            tenant=tenant,
            data={
                "received_on": timezone.localdate(),
                "channel": Channel.FORM,
                "from_form": True,
                "asker": asker,
                "school": school if school and school.tenant_id == tenant.pk else None,
                "message": message,
            },
            themes=[theme] if theme else [],
            callback=callback or None,
        )
    notify_staff(contact)
    return contact


def staff_addresses(tenant: Tenant) -> list[str]:
    """The steunpunt's own address if set, else every active member who staffs it."""
    own = form_settings(tenant).notify_email
    if own:
        return [own]
    members = Membership.objects.filter(tenant=tenant, user__is_active=True).select_related("user")
    return sorted({m.user.email for m in members if m.user.email and can(m, HANDLE)})


def contact_url(contact: Contact) -> str:
    code = contact.tenant.code
    path = reverse(
        "steunpunt:contact_detail", kwargs={"tenant_code": code, "contact_id": contact.pk}
    )
    return settings.PORTAL_URL.rstrip("/") + path


def notify_staff(contact: Contact) -> int:
    """Mail the staff: no personal data, no text of the asker. A failing mail server does not
    lose the contact (it is stored and in the list); it is logged."""
    recipients = staff_addresses(contact.tenant)
    if not recipients:
        logger.warning("Steunpunt %s: nobody to notify of a form contact", contact.tenant.code)
        return 0
    context = {"tenant": contact.tenant, "url": contact_url(contact)}
    try:
        return send_mail(
            subject=f"[SWV Portaal] Nieuw contact via het formulier ({contact.tenant.code})",
            message=render_to_string("steunpunt/public/email/new_contact.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:  # the contact is stored; a lost mail must not be a 500
        logger.exception("Steunpunt %s: the form's e-mail failed", contact.tenant.code)
        return 0
