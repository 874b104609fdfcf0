"""Part "demo": the demo tenant's steunpunt, seeded by ``seed_demo``.

Two runs give the same lines and the same rows; the contacts span the previous and the current
school year; the zorgcoördinator's school has a feedback round in both; the Loket's demo user
staffs the steunpunt by a grant; the only call-back request is on an open contact and is
plainly fictional.
"""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School, Tenant

from .. import demo
from ..models import CallbackRequest, Channel, Contact, Feedback, Trend, TrendStatus
from ..selectors import HANDLE, VIEW_FEEDBACK, VIEW_TRENDS

pytestmark = pytest.mark.django_db


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _rows(tenant) -> dict:
    with scope(tenant=tenant):
        return {
            "contacts": sorted(
                Contact.objects.values_list(
                    "received_on", "channel", "asker", "school__brin", "closed_on", "trend__title"
                ),
                key=repr,
            ),
            "themes": sorted(Contact.themes.through.objects.values_list("contact_id", "theme_id")),
            "trends": sorted(Trend.objects.values_list("title", "status", "signalled_on")),
            "feedback": sorted(
                Feedback.objects.values_list("school__brin", "school_year", "given_on")
            ),
            "callbacks": list(CallbackRequest.objects.values_list("contact_id", "name")),
        }


def test_seeding_twice_prints_the_same_and_makes_nothing_new():
    first = _seed_demo()
    tenant = Tenant.objects.get(code="VO0001")
    before = _rows(tenant)
    second = _seed_demo()
    assert second == first
    assert _rows(tenant) == before
    with scope(tenant=tenant):
        started = time.monotonic()
        lines = demo.seed_steunpunt(tenant)
        assert time.monotonic() - started < 2
        contacts, trends = Contact.objects.count(), Trend.objects.count()
        feedback = Feedback.objects.count()
    assert (
        lines[0]
        == f"Steunpunt: {contacts} contacten, {trends} trends, {feedback} terugkoppelingen."
    )
    assert all(line in first for line in lines)
    assert 60 <= contacts <= 90 and 3 <= trends <= 4


def test_the_demo_steunpunt_is_plausible():
    _seed_demo()
    tenant = Tenant.objects.get(code="VO0001")
    today = timezone.localdate()
    current = SchoolYear.current()
    with scope(tenant=tenant):
        contacts = list(Contact.objects.select_related("school", "trend"))
        assert {SchoolYear.from_date(c.received_on) for c in contacts} == {
            current.previous,
            current,
        }
        assert all(c.received_on <= today for c in contacts)
        assert all(c.closed_on is None or c.received_on <= c.closed_on <= today for c in contacts)
        assert {c.channel for c in contacts} == set(Channel.values)
        assert any(c.school is None for c in contacts) and len({c.school for c in contacts}) > 5
        open_ = [c for c in contacts if c.is_open]
        assert 3 <= len(open_) <= 8 and len(open_) < len(contacts) / 4
        assert any(c.follow_up_by and c.follow_up_by < today for c in open_)  # one overdue
        form = [c for c in contacts if c.from_form]
        assert len(form) == 2 and all(c.channel == Channel.FORM and c.is_open for c in form)
        # The only call-back request: on an open form contact, plainly fictional.
        (callback,) = CallbackRequest.objects.select_related("contact")
        assert callback.contact.is_open and callback.contact.from_form
        assert (callback.name, callback.phone) == ("Voorbeeld Ouder", "06 0000 0000")
        assert not CallbackRequest.objects.filter(contact__closed_on__isnull=False).exists()
        assert all(c.themes.exists() for c in contacts if c.is_signal and c.trend)
        # Trends: each with signals, different statuses, one (at least) with an action taken.
        trends = list(Trend.objects.all())
        assert len({t.status for t in trends}) == len(trends)
        assert all(t.signals.exists() for t in trends)
        assert any(t.status == TrendStatus.ACTION and t.action_taken for t in trends)
        assert all(t.signalled_on <= today for t in trends)
        # Feedback: most schools last year (not all), a few this year, the zorg's in both.
        schools = School.objects.count()
        previous = Feedback.objects.filter(school_year=current.previous.start)
        this_year = Feedback.objects.filter(school_year=current.start)
        assert schools / 2 < previous.count() < schools
        assert 1 <= this_year.count() < previous.count()
        assert all(f.given_on <= today for f in Feedback.objects.all())
        zorg = Membership.objects.get(tenant=tenant, user__email="zorg@refsvo.example")
        (own_school,) = zorg.schools.all()
        assert own_school.brin == "99RA00"
        assert {f.school_year for f in Feedback.objects.filter(school=own_school)} == {
            current.previous.start,
            current.start,
        }
        # The ouder- en jeugdconsulent: the Loket's demo user, by a grant.
        loket = Membership.objects.get(tenant=tenant, user__email="loket@refsvo.example")
        assert loket.extra_capabilities == [HANDLE]
        assert can(loket, HANDLE) and can(loket, VIEW_TRENDS) and can(loket, VIEW_FEEDBACK)
