"""Test data of the vangnet: a special-education school with TLVs and the year's amounts.

``a_vangnet_school(world)``: tenant A's VSO cluster-4 school "Vso De Brug" receiving TLVs of
A1 in school year 2025-2026, with the VSO amounts of 2026 (laag 36.500, midden 73.000, hoog
100.000). Counts 1 september 2, 1 februari 3, 1 juni 5; laag 1 new − 1 out, midden 2 new:
146.000 (see ``test_vangnet_data``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django_scopes import scopes_disabled

from referrals.models import Category, CategoryAmount, TlvKind
from referrals.tests.loket.builders import a_decision, a_request
from swvportal.tenancy.models import SchoolKind
from swvportal.tenancy.tests.factories import SchoolFactory

D = datetime.date
LAAG, MIDDEN, HOOG = Category.LOW, Category.MIDDLE, Category.HIGH
YEAR = 2025
AMOUNTS_2026 = ((LAAG, "36500"), (MIDDEN, "73000"), (HOOG, "100000"))


def a_tlv(referring, receiving, start, end, category=LAAG, **fields):
    tlv = a_request(referring, requested_category=category)
    return a_decision(
        tlv, start_date=start, end_date=end, category=category, receiving_school=receiving, **fields
    )


def amounts_of_2026(tenant) -> None:
    with scopes_disabled():
        for category, amount in AMOUNTS_2026:
            CategoryAmount.objects.get_or_create(
                tenant=tenant,
                year=2026,
                kind=TlvKind.VSO,
                category=category,
                defaults={"amount": Decimal(amount)},
            )


def tlvs_into(school, referring) -> None:
    a_tlv(referring, school, D(2025, 8, 1), D(2027, 7, 31))  # laag: sep, feb, jun
    a_tlv(referring, school, D(2025, 10, 1), D(2027, 7, 31))  # laag: feb, jun (autumn)
    a_tlv(referring, school, D(2026, 3, 1), D(2027, 7, 31))  # laag: new, jun
    a_tlv(referring, school, D(2026, 2, 2), D(2027, 7, 31), MIDDEN)  # midden: new, jun
    a_tlv(referring, school, D(2026, 4, 1), D(2027, 7, 31), MIDDEN)  # midden: new, jun
    a_tlv(referring, school, D(2025, 8, 1), D(2026, 3, 31))  # laag: sep, feb, outflow
    a_tlv(referring, school, D(2026, 6, 2), D(2027, 7, 31))  # laag: after 1 juni


def a_vangnet_school(world, *, brin="11VS00", name="Vso De Brug", tenant=None, referring=None):
    tenant = tenant or world.tenant_a
    with scopes_disabled():
        school = SchoolFactory(tenant=tenant, brin=brin, name=name, kind=SchoolKind.VSO_CLUSTER4)
    amounts_of_2026(tenant)
    tlvs_into(school, referring or world.school_a1)
    return school


def make_special(school, kind=SchoolKind.VSO_CLUSTER4):
    """Turn an existing school (A1, the zorgcoördinator's) into a special-education school."""
    with scopes_disabled():
        type(school).objects.filter(pk=school.pk).update(kind=kind)
        school.refresh_from_db()
    return school
