"""Test builders for the steunpunt: small, explicit worlds (no demo data).

``a_contact(tenant)`` is an open phone contact of a parent of today, without school or theme
unless given; ``a_trend(tenant)`` a trend signalled today; ``a_feedback(school, year)`` a
feedback round to one school. ``a_consulent(world)`` is a Loket member of tenant A given the
steunpunt's capabilities in person (``Membership.extra_capabilities``).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory

from .. import services
from ..models import Asker, Channel, Contact, Feedback, Theme, Trend
from ..selectors import HANDLE

STAFF_GRANTS = [HANDLE]  # implies VIEW_TRENDS and VIEW_FEEDBACK


def a_theme(tenant, name: str = "Vervoer", order: int = 1) -> Theme:
    with scopes_disabled():
        theme, _ = Theme.objects.get_or_create(tenant=tenant, name=name, defaults={"order": order})
        return theme


def a_contact(
    tenant,
    *,
    received_on: datetime.date | None = None,
    school=None,
    themes=(),
    callback: dict | None = None,
    **fields,
) -> Contact:
    data = {
        "received_on": received_on or timezone.localdate(),
        "channel": Channel.PHONE,
        "asker": Asker.PARENT,
        "school": school,
        "summary": "Vraag over de aanvraag van een TLV.",
        **fields,
    }
    with scopes_disabled():
        return services.contact_create(tenant=tenant, data=data, themes=themes, callback=callback)


def a_trend(tenant, *, title: str = "Vragen over vervoer", signals=(), **fields) -> Trend:
    with scopes_disabled():
        trend = Trend.objects.create(
            tenant=tenant,
            title=title,
            signalled_on=fields.pop("signalled_on", timezone.localdate()),
            **fields,
        )
        for contact in signals:
            Contact.objects.filter(pk=contact.pk).update(is_signal=True, trend=trend)
        return trend


def a_feedback(school, school_year: int, *, given_on: datetime.date | None = None) -> Feedback:
    with scopes_disabled():
        feedback, _ = Feedback.objects.get_or_create(
            tenant=school.tenant,
            school=school,
            school_year=school_year,
            defaults={"given_on": given_on or datetime.date(school_year + 1, 6, 1)},
        )
        return feedback


def a_consulent(world, *, grants=None):
    """A Loket member of tenant A who staffs the steunpunt (an ouder- en jeugdconsulent)."""
    with scopes_disabled():
        return MembershipFactory(
            tenant=world.tenant_a,
            role=Role.LOKET,
            user=UserFactory(email="consulent@alfa.example"),
            extra_capabilities=list(STAFF_GRANTS if grants is None else grants),
        )
