"""Due dates of the kwaliteitskalender marked done by the bestuurder (and undone), and the ones
the portal ticks off itself: the OSP sent to the Inspectie, a monitoring report issued, the
jaarplan adopted, each in the school year of the due date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from plans.jaarplan.calendar_selectors import calendar_year
from plans.jaarplan.calendar_services import occurrence_done, occurrence_undo
from plans.models import CalendarOccurrence, Plan
from plans.tests.factories import make_plan
from plans.tests.jaarplan.builders import a_calendar_item, a_jaarplan, adopt, an_activity
from plans.tests.jaarplan.calendar_support import TODAY, on_demo_day  # noqa: F401
from swvportal.documents.models import IssuedDocument

pytestmark = pytest.mark.usefixtures("on_demo_day")

D = datetime.date


def _document(tenant, kind="osp", title="Ondersteuningsplan 4.0", on=None):
    with scopes_disabled():
        document = IssuedDocument.objects.create(
            tenant=tenant,
            kind=kind,
            title=title,
            filename="x.pdf",
            file="documenten/x.pdf",
            sha256="0" * 64,
            size=1,
        )
        if on is not None:
            IssuedDocument.objects.filter(pk=document.pk).update(
                created_at=datetime.datetime(on.year, on.month, on.day, 12, tzinfo=datetime.UTC)
            )
            document.refresh_from_db()
    return document


def _done(item, due, **extra):
    with scope(tenant=item.tenant):
        return occurrence_done(
            item=item, due_date=due, done_on=extra.pop("on", D(2026, 6, 1)), **extra
        )


def _refusal(item, due, **extra) -> dict:
    with pytest.raises(ValidationError) as refused:
        _done(item, due, **extra)
    return refused.value.message_dict


def test_the_bestuurder_marks_a_due_date_done_with_a_document(world):
    item = a_calendar_item(world.tenant_a)  # jaarlijks vóór 1 juli
    document = _document(world.tenant_a)
    done = _done(
        item, D(2026, 7, 1), note="Naar het bestuur", document=document, by=world.user("bestuurder")
    )
    with scope(tenant=world.tenant_a):
        [due] = calendar_year(tenant=world.tenant_a, school_year=2025)
    assert due.done == done and due.is_done and due.done_on == D(2026, 6, 1)
    assert due.document == document
    assert done.done_by == world.user("bestuurder")


@pytest.mark.parametrize(
    ("rule", "due", "accepted"),
    [
        ({"due_month": 7, "due_day": 1}, D(2026, 7, 1), True),
        ({"due_month": 7, "due_day": 1}, D(2026, 7, 2), False),
        ({"due_month": 8, "due_day": 1}, D(2026, 8, 1), True),  # closes 2025-2026
        (
            {"frequency": "vierjaarlijks", "due_month": 5, "due_day": 1, "anchor_year": 2025},
            D(2026, 5, 1),
            True,
        ),
        (
            {"frequency": "vierjaarlijks", "due_month": 5, "due_day": 1, "anchor_year": 2025},
            D(2025, 5, 1),
            False,
        ),
        ({"frequency": "meermaals", "dates": [[11, 1], [3, 1]]}, D(2026, 3, 1), True),
        ({"frequency": "planning", "dates": ["2026-03-15"]}, D(2026, 3, 16), False),
    ],
)
def test_only_a_due_date_of_the_items_rule_can_be_marked_done(world, rule, due, accepted):
    item = a_calendar_item(world.tenant_a, **rule)
    if accepted:
        assert _done(item, due).due_date == due
    else:
        assert "is geen datum van “Jaarverslag”" in _refusal(item, due)["due_date"][0]


def test_a_due_date_is_marked_done_once(world):
    item = a_calendar_item(world.tenant_a)
    _done(item, D(2026, 7, 1))
    assert "al afgevinkt (gedaan op 1 juni 2026)" in _refusal(item, D(2026, 7, 1))["due_date"][0]


def test_done_cannot_lie_in_the_future(world):
    item = a_calendar_item(world.tenant_a)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert "niet na vandaag" in _refusal(item, D(2026, 7, 1), on=tomorrow)["done_on"][0]


def test_an_inactive_item_has_no_dates_to_mark(world):
    item = a_calendar_item(world.tenant_a, is_active=False)
    assert "niet meer actief" in _refusal(item, D(2026, 7, 1))["due_date"][0]


def test_a_document_of_another_tenant_or_about_a_pupil_is_refused(world):
    item = a_calendar_item(world.tenant_a)
    for document in (_document(world.tenant_b), _document(world.tenant_a, kind="tlv_letter")):
        assert (
            "Kies een document" in _refusal(item, D(2026, 7, 1), document=document)["document"][0]
        )
    with scopes_disabled():
        assert not CalendarOccurrence.objects.exists()


def test_undo_opens_the_due_date_again(world):
    item = a_calendar_item(world.tenant_a)
    done = _done(item, D(2026, 7, 1))
    with scope(tenant=world.tenant_a):
        occurrence_undo(occurrence=done)
        [due] = calendar_year(tenant=world.tenant_a, school_year=2025)
    assert not due.is_done
    assert due.is_overdue(D(2026, 7, 2)) and not due.is_overdue(D(2026, 7, 1))


# --- The portal's own ticks ---------------------------------------------------------------------

OSP_ITEM = {
    "category": "plannen",
    "title": "Ondersteuningsplan",
    "frequency": "vierjaarlijks",
    "due_month": 5,
    "due_day": 1,
    "anchor_year": 2025,
    "link": "osp_verzonden",
}


def _sent_plan(tenant, sent_on):
    plan = make_plan(tenant, status="vastgesteld")
    with scopes_disabled():
        Plan.objects.filter(pk=plan.pk).update(status="verzonden", sent_on=sent_on)
    return plan


@pytest.mark.parametrize(
    ("sent_on", "ticked"),
    [
        (D(2026, 4, 28), True),  # in 2025-2026, before 1 May: ticks that year's due date
        (D(2026, 5, 20), True),  # late, but in the same school year: ticked all the same
        (D(2025, 4, 28), False),  # a school year earlier
        (D(2026, 8, 1), False),  # the next school year
    ],
)
def test_sending_the_osp_ticks_the_ondersteuningsplan_of_that_school_year(world, sent_on, ticked):
    a_calendar_item(world.tenant_a, **OSP_ITEM)
    _sent_plan(world.tenant_a, sent_on)
    with scope(tenant=world.tenant_a):
        [due] = calendar_year(tenant=world.tenant_a, school_year=2025)
    assert due.is_done is ticked
    if ticked:
        assert due.done is None and due.done_on == sent_on
        assert "verzonden aan de inspectie" in due.auto.what


def test_an_item_without_a_link_is_never_ticked_by_the_portal(world):
    a_calendar_item(world.tenant_a, **{**OSP_ITEM, "link": ""})
    _sent_plan(world.tenant_a, D(2026, 4, 28))
    with scope(tenant=world.tenant_a):
        [due] = calendar_year(tenant=world.tenant_a, school_year=2025)
    assert not due.is_done


def test_an_issued_monitoring_report_ticks_its_item_with_the_report(world):
    a_calendar_item(world.tenant_a, title="Monitorrapportage", link="monitoringrapport")
    report = _document(world.tenant_a, kind="monitoring", title="Dashboard 2026", on=D(2027, 3, 2))
    _document(world.tenant_b, kind="monitoring", on=D(2026, 3, 2))  # another tenant's: no tick
    with scope(tenant=world.tenant_a):
        [due_2026] = calendar_year(tenant=world.tenant_a, school_year=2026)
        [due_2025] = calendar_year(tenant=world.tenant_a, school_year=2025)
    assert due_2026.is_done and due_2026.document == report and due_2026.done_on == D(2027, 3, 2)
    assert not due_2025.is_done


def test_adopting_the_jaarplan_ticks_the_jaarplan_item_of_its_year(world):
    a_calendar_item(
        world.tenant_a, title="Jaarplan", due_month=10, due_day=1, link="jaarplan_vastgesteld"
    )
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    with scope(tenant=world.tenant_a):
        [before] = calendar_year(tenant=world.tenant_a, school_year=2026)
    adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        [after] = calendar_year(tenant=world.tenant_a, school_year=2026)
        [other_year] = calendar_year(tenant=world.tenant_a, school_year=2027)
    assert not before.is_done
    assert after.is_done and "Jaarplan 2026-2027" in after.auto.what
    assert not other_year.is_done


def test_the_alv_adopting_the_begroting_ticks_the_begroting_item_of_its_year(world):
    from finance.tests.builders import a_begroting

    a_calendar_item(
        world.tenant_a, title="Begroting", due_month=1, due_day=1, link="begroting_vastgesteld"
    )
    with scope(tenant=world.tenant_a):
        [before] = calendar_year(tenant=world.tenant_a, school_year=2024)
    a_begroting(world.tenant_a, adopted=True)  # the ALV on 26 November 2024
    with scope(tenant=world.tenant_a):
        [after] = calendar_year(tenant=world.tenant_a, school_year=2024)
        [other_year] = calendar_year(tenant=world.tenant_a, school_year=2025)
    assert not before.is_done
    assert after.is_done and after.done_on == datetime.date(2024, 11, 26)
    assert "Meerjarenbegroting 2025–2027 (versie 1.0) vastgesteld" in after.auto.what
    assert not other_year.is_done
