"""Part "contacts": the rules and queries of the staff's work on contacts, beside the
foundation's ``services`` (``contact_create``, ``callback_set``, ``contact_close``).

The rules of a contact as staff enter it (:func:`contact_problems`, read by the form and the
services alike, so a page and a service never disagree):

* its date is not in the future, nor after the day it was closed;
* "doorverwezen" asks for the organisation (``referred_to``), which is emptied otherwise;
* a follow-up that is needed has a date, not before the contact's; no follow-up, no date;
* a trend belongs to a signal of the same tenant; untagging a signal clears its trend.

An edit carries the revision it was made on: an edit on a stale revision is refused (someone
else saved in between) and changes nothing. An anonymised contact is not changed any more.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.tenancy.models import Tenant

from . import services
from .models import Action, CallbackRequest, Contact, Theme, Trend, TrendStatus
from .selectors import contact_list

CALLBACK_FIELDS = ("name", "phone", "email", "best_time")
NO_SIGNAL = "Een trend hoort bij een signaal. Vink 'signaal' aan of kies geen trend."
CONFLICT = (
    "Dit contact is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen; "
    "open het contact opnieuw en voer uw wijziging nog eens in."
)

# --- Queries ------------------------------------------------------------------------------------


def contact_rows(*, membership: Membership) -> QuerySet[Contact]:
    """The contacts list: with school, trend and themes in a fixed number of queries."""
    return contact_list(membership=membership).select_related("trend")


def theme_choices(*, tenant: Tenant, keep: Iterable[Theme] = ()) -> QuerySet[Theme]:
    """The active themes, and the ones a contact already has (an old theme stays on it)."""
    kept = [t.pk for t in keep]
    found = Theme.objects.filter(tenant=tenant)
    return (found.filter(is_active=True) | found.filter(pk__in=kept)).distinct()


def trend_choices(*, tenant: Tenant, keep: Trend | None = None) -> QuerySet[Trend]:
    """The tenant's open trends, and the contact's own trend even when it is closed."""
    found = Trend.objects.filter(tenant=tenant)
    open_ = found.exclude(status=TrendStatus.CLOSED)
    if keep is not None:
        open_ = open_ | found.filter(pk=keep.pk)
    return open_.distinct().order_by("-signalled_on", "title")


def callback_of(contact: Contact) -> CallbackRequest | None:
    return CallbackRequest.objects.filter(contact=contact).first()


# --- Rules --------------------------------------------------------------------------------------


def contact_problems(
    fields: Mapping[str, Any], *, tenant: Tenant | None = None, today: datetime.date | None = None
) -> dict[str, str]:
    """What is wrong with a contact's fields, per field, in Dutch (empty: nothing)."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    received_on = fields.get("received_on")
    closed_on = fields.get("closed_on")
    if received_on and received_on > today:
        problems["received_on"] = "De datum ligt in de toekomst. Vul de datum van het contact in."
    elif received_on and closed_on and received_on > closed_on:
        problems["received_on"] = (
            f"Het contact is afgesloten op {closed_on:%d-%m-%Y}: de datum ligt daarna."
        )
    if Action.REFERRED in (fields.get("actions") or ()) and not fields.get("referred_to"):
        problems["referred_to"] = "Vul in naar welke organisatie u hebt doorverwezen."
    by = fields.get("follow_up_by")
    if fields.get("follow_up_needed") and not by:
        problems["follow_up_by"] = "Vul in wanneer het vervolg uiterlijk moet gebeuren."
    elif fields.get("follow_up_needed") and received_on and by < received_on:
        problems["follow_up_by"] = "Het vervolg ligt vóór de datum van het contact."
    trend = fields.get("trend")
    if trend is not None and not fields.get("is_signal"):
        problems["trend"] = NO_SIGNAL
    elif trend is not None and tenant is not None and trend.tenant_id != tenant.pk:
        problems["trend"] = "Kies een trend van uw eigen steunpunt."
    return problems


def _cleaned(fields: Mapping[str, Any], *, tenant: Tenant) -> dict[str, Any]:
    problems = contact_problems(fields, tenant=tenant)
    if problems:
        raise ValidationError(problems)
    data = dict(fields)
    if Action.REFERRED not in (data.get("actions") or ()):
        data["referred_to"] = ""
    if not data.get("follow_up_needed"):
        data["follow_up_by"] = None
    if not data.get("is_signal"):
        data["trend"] = None
    school = data.get("school")
    if school is not None and school.tenant_id != tenant.pk:
        raise ValidationError({"school": "Kies een school van uw samenwerkingsverband."})
    return data


def _wanted(callback: Mapping | None) -> bool:
    return bool(callback) and any((callback.get(k) or "").strip() for k in CALLBACK_FIELDS)


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def contact_register(
    *,
    tenant: Tenant,
    data: Mapping[str, Any],
    themes: Iterable[Theme] = (),
    callback: Mapping | None = None,
    by=None,
) -> Contact:
    """A contact entered by staff: the rules above, then ``services.contact_create``."""
    fields = _cleaned(data, tenant=tenant)
    return services.contact_create(
        tenant=tenant,
        data=fields,
        themes=themes,
        callback=callback if _wanted(callback) else None,
        by=by,
    )


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    data: Mapping[str, Any],
    themes: Iterable[Theme] | None = None,
    revision: int,
    callback: Mapping | None = None,
    by=None,
) -> Contact:
    """Change a contact made on ``revision``; refused (nothing changed) when it is stale.

    ``callback``: ``None`` leaves the call-back request alone; a mapping with a name and a phone
    number or address stores it (refused on a closed contact); an empty one removes it.
    """
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if current.revision != revision:
        raise ValidationError(CONFLICT, code="conflict")
    if current.anonymised_at is not None:
        raise ValidationError("Dit contact is geanonimiseerd en kan niet meer worden gewijzigd.")
    fields = _cleaned({**data, "closed_on": current.closed_on}, tenant=current.tenant)
    fields.pop("closed_on")  # closing is its own step (``services.contact_close``)
    fields["actions"] = services.clean_actions(fields.get("actions") or ())
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["themes"])
    current.revision += 1
    current.save()
    if themes is not None:
        current.themes.set([t for t in themes if t.tenant_id == current.tenant_id])
    if callback is not None:
        if _wanted(callback):
            services.callback_set(contact=current, data=callback)
        else:
            services.callback_erase(current)
    return current


@transaction.atomic
def contact_tag_signal(contact: Contact, is_signal: bool, trend: Trend | None) -> Contact:
    """Tag (or untag) the contact as a signal, in a trend of its own tenant or in none.

    Untagging clears the trend. A trend of another tenant is refused.
    """
    if trend is not None and trend.tenant_id != contact.tenant_id:
        raise ValidationError({"trend": "Kies een trend van uw eigen steunpunt."})
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    current.is_signal = bool(is_signal)
    current.trend = trend if is_signal else None
    current.revision += 1
    current.save(update_fields=["is_signal", "trend", "revision", "updated_at"])
    return current
