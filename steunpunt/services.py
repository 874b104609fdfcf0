"""The steunpunt's rules for changing its data. Views and the public form call these; other apps
(the dashboard's calculations are this app's own) use them through this module only.

Every change runs in one transaction and is in the audit log (models register with auditlog).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from swvportal.tenancy.models import Tenant

from .models import Action, CallbackRequest, Contact, SteunpuntSettings, Theme

# The tenant's list until the steunpunt changes it (issue #16, point 1).
DEFAULT_THEMES = (
    "Toelating en TLV",
    "Thuiszitten",
    "Ondersteuning op school",
    "OPP",
    "Vervoer",
    "Jeugdhulp",
    "Communicatie met school",
)


def steunpunt_settings(tenant: Tenant) -> SteunpuntSettings:
    """The tenant's settings row, made with the defaults on first use."""
    found, _ = SteunpuntSettings.objects.get_or_create(tenant=tenant)
    return found


def retention_years(tenant: Tenant) -> int:
    """The retention registry's term (``swvportal.core.pupils``), counted from ``closed_on``."""
    return steunpunt_settings(tenant).retention_years


def themes_ensure_defaults(tenant: Tenant) -> list[Theme]:
    """Give a tenant without any theme the default list; a tenant's own list is left alone."""
    if Theme.objects.filter(tenant=tenant).exists():
        return list(Theme.objects.filter(tenant=tenant))
    return Theme.objects.bulk_create(
        Theme(tenant=tenant, name=name, order=i) for i, name in enumerate(DEFAULT_THEMES, 1)
    )


def clean_actions(actions: Iterable[str]) -> list[str]:
    known = set(Action.values)
    chosen = list(dict.fromkeys(actions))
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise ValidationError({"actions": "Kies wat er is gedaan uit de lijst."})
    return chosen


@transaction.atomic
def contact_create(
    *,
    tenant: Tenant,
    data: Mapping,
    themes: Iterable[Theme] = (),
    callback: Mapping | None = None,
    by=None,
) -> Contact:
    """A new contact; with ``callback`` (name and phone or e-mail) a call-back request beside it.

    ``data`` holds the model's fields (``received_on``, ``channel``, ``asker``, ``school``, …).
    """
    fields = dict(data)
    fields["actions"] = clean_actions(fields.get("actions") or ())
    contact = Contact(tenant=tenant, created_by=by, **fields)
    contact.full_clean(exclude=["themes"])
    contact.save()
    contact.themes.set([t for t in themes if t.tenant_id == tenant.pk])
    if callback:
        callback_set(contact=contact, data=callback)
    return contact


@transaction.atomic
def callback_set(*, contact: Contact, data: Mapping) -> CallbackRequest:
    """Store (or replace) who asked to be called back. Refused on a closed contact."""
    if contact.closed_on is not None:
        raise ValidationError("Dit contact is afgesloten: er wordt niet meer teruggebeld.")
    if not (data.get("phone") or data.get("email")):
        raise ValidationError("Geef een telefoonnummer of een e-mailadres om terug te bellen.")
    request, _ = CallbackRequest.objects.update_or_create(
        contact=contact,
        defaults={
            "tenant_id": contact.tenant_id,
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "best_time": data.get("best_time", ""),
        },
    )
    request.full_clean()
    return request


@transaction.atomic
def contact_close(*, contact: Contact, on: datetime.date | None = None) -> Contact:
    """Close the contact: the call-back data goes at once (it was only there to call back).

    Closing a closed contact changes nothing. A date in the future is refused.
    """
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"closed_on": "De datum van afsluiten ligt in de toekomst."})
    if on < contact.received_on:
        raise ValidationError({"closed_on": "Een contact sluit niet af vóór het begon."})
    CallbackRequest.objects.filter(contact=contact).delete()
    if contact.closed_on is None:
        contact.closed_on = on
        contact.revision += 1
        contact.save(update_fields=["closed_on", "revision", "updated_at"])
    return contact


def callback_erase(contact: Contact) -> None:
    """The retention registry's ``erase``: the call-back row goes with the free texts."""
    CallbackRequest.objects.filter(contact=contact).delete()
