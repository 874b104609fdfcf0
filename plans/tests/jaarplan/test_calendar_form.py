"""The kwaliteitskalender's item form and services: what a person types is read or refused with
a Dutch message per field; the rule as a whole is checked by the service too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.jaarplan import calendar_services as services
from plans.jaarplan.forms_calendar import CalendarItemForm
from plans.models import CalendarItem, CalendarOccurrence
from plans.tests.jaarplan.builders import a_calendar_item
from plans.tests.jaarplan.calendar_support import on_demo_day  # noqa: F401

pytestmark = pytest.mark.usefixtures("on_demo_day")

VALID = {
    "category": "verantwoording",
    "title": "Jaarverslag",
    "frequency": "jaarlijks",
    "due_day": "1",
    "due_month": "7",
    "anchor_year": "",
    "dates": "",
    "owner": "Directeur-bestuurder",
    "adopted_by": "Bestuur",
    "note": "",
    "link": "",
    "is_active": "on",
}


def _form(**changes) -> CalendarItemForm:
    form = CalendarItemForm({**VALID, **changes})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"frequency": "vierjaarlijks"},
            "anchor_year",
            "Vul een schooljaar in waarin het valt, bijvoorbeeld 2025-2026.",
        ),
        (
            {"frequency": "tweejaarlijks", "anchor_year": "2025/26"},
            "anchor_year",
            "Schrijf een schooljaar als 2026-2027.",
        ),
        (
            {"frequency": "vierjaarlijks", "anchor_year": "2025-2027"},
            "anchor_year",
            "De twee jaren van een schooljaar moeten op elkaar volgen",
        ),
        ({"due_day": "31", "due_month": "4"}, "due_day", "bestaat niet: april heeft 30 dagen"),
        ({"due_day": "30", "due_month": "2"}, "due_day", "februari heeft 29 dagen"),
        ({"due_day": "1", "due_month": ""}, "due_month", "Kies ook de maand"),
        ({"due_day": "", "due_month": "7"}, "due_day", "Vul ook de dag in"),
        ({"due_day": "0"}, "due_day", "minstens 1"),
        ({"frequency": "meermaals"}, "dates", "Vul de dagen in waarop het elk jaar terugkomt"),
        (
            {"frequency": "meermaals", "dates": "1-11, 1/3"},
            "dates",
            "“1/3”: schrijf dag-maand, bijvoorbeeld 1-11",
        ),
        ({"frequency": "meermaals", "dates": "31-11"}, "dates", "november heeft 30 dagen"),
        ({"frequency": "meermaals", "dates": "1-13"}, "dates", "een maand is een getal van 1"),
        (
            {"frequency": "planning", "dates": "15-3-27"},
            "dates",
            "schrijf een datum als dag-maand-jaar, bijvoorbeeld 15-3-2027",
        ),
        ({"frequency": "planning", "dates": "29-2-2027"}, "dates", "bestaat niet als datum"),
        ({"frequency": "planning", "dates": "1-1-2150"}, "dates", "tussen 2000 en 2099"),
        ({"title": ""}, "title", "Vul het onderwerp in, bijvoorbeeld ‘Jaarverslag’."),
        ({"frequency": "wekelijks"}, "frequency", "Selecteer een geldige keuze"),
    ],
)
def test_the_form_says_per_field_what_is_wrong(changes, field, message):
    form = _form(**changes)
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_every_piece_that_cannot_be_read_is_named():
    form = _form(frequency="planning", dates="1-9-2026, 31-9-2026, morgen")
    messages = form.errors["dates"]
    assert len(messages) == 2
    assert "“31-9-2026” bestaat niet" in messages[0]
    assert "“morgen”" in messages[1]


@pytest.mark.parametrize(
    ("changes", "stored"),
    [
        # a yearly rule keeps its day; a school year or dates typed for another rule are dropped
        (
            {"anchor_year": "2025-2026", "dates": "1-11"},
            {"due_month": 7, "due_day": 1, "anchor_year": None, "dates": []},
        ),
        (
            {
                "frequency": "vierjaarlijks",
                "due_day": "1",
                "due_month": "5",
                "anchor_year": "2025-2026",
            },
            {"due_month": 5, "due_day": 1, "anchor_year": 2025, "dates": []},
        ),
        # no day at all: 'vóór 1 augustus', the end of the school year
        (
            {"due_day": "", "due_month": ""},
            {"due_month": None, "due_day": None, "anchor_year": None, "dates": []},
        ),
        (
            {"frequency": "meermaals", "dates": "1-7; 1-11,1-3, 1-11"},
            {"due_month": None, "due_day": None, "dates": [[11, 1], [3, 1], [7, 1]]},
        ),
        (
            {"frequency": "planning", "dates": "1-6-2027, 15-3-2027"},
            {"due_month": None, "dates": ["2027-03-15", "2027-06-01"]},
        ),
        ({"frequency": "planning", "dates": ""}, {"dates": []}),  # a planning still to be made
    ],
)
def test_a_valid_form_keeps_only_what_its_rule_uses(world, changes, stored):
    form = _form(**changes)
    assert form.is_valid(), form.errors
    with scope(tenant=world.tenant_a):
        item = services.calendar_item_create(tenant=world.tenant_a, data=form.item_data())
    for name, value in stored.items():
        assert getattr(item, name) == value, name


def test_the_form_shows_a_stored_item_as_it_was_typed(world):
    item = a_calendar_item(world.tenant_a, frequency="meermaals", dates=[[11, 1], [3, 1]])
    assert CalendarItemForm.for_item(item)["dates"].value() == "1-11, 1-3"
    planned = a_calendar_item(world.tenant_a, frequency="planning", dates=["2027-03-15"])
    assert CalendarItemForm.for_item(planned)["dates"].value() == "15-3-2027"
    osp = a_calendar_item(world.tenant_a, frequency="vierjaarlijks", anchor_year=2025)
    assert CalendarItemForm.for_item(osp)["anchor_year"].value() == "2025-2026"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    frequency=st.sampled_from(
        ["jaarlijks", "tweejaarlijks", "vierjaarlijks", "meermaals", "planning"]
    ),
    dates=st.text(max_size=40),
    anchor=st.text(max_size=12),
    day=st.text(max_size=3),
)
def test_no_input_makes_the_form_fail_other_than_with_messages(frequency, dates, anchor, day):
    form = CalendarItemForm(
        {**VALID, "frequency": frequency, "dates": dates, "anchor_year": anchor, "due_day": day}
    )
    if form.is_valid():
        data = services.normalise_item(form.item_data())
        assert services.item_problems(data) == {}
    else:
        assert all(isinstance(m, str) and m for ms in form.errors.values() for m in ms)


def test_the_service_refuses_a_rule_without_a_form_too(world):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        services.calendar_item_create(
            tenant=world.tenant_a,
            data={
                **VALID,
                "frequency": "meermaals",
                "dates": [],
                "due_day": None,
                "due_month": None,
            },
        )
    assert "dates" in refused.value.message_dict
    with scopes_disabled():
        assert not CalendarItem.objects.filter(tenant=world.tenant_a).exists()


def test_a_new_item_goes_last_in_its_category(world):
    first = a_calendar_item(world.tenant_a, position=4)
    form = _form()
    assert form.is_valid()
    with scope(tenant=world.tenant_a):
        item = services.calendar_item_create(tenant=world.tenant_a, data=form.item_data())
    assert item.position == first.position + 1


def test_a_second_edit_of_the_same_version_is_refused(world):
    item = a_calendar_item(world.tenant_a)
    form = _form(title="Jaarverslag 2027")
    assert form.is_valid()
    with scope(tenant=world.tenant_a):
        services.calendar_item_update(item=item, data=form.item_data(), revision=item.revision)
        with pytest.raises(ValidationError, match="intussen gewijzigd"):
            services.calendar_item_update(item=item, data=form.item_data(), revision=item.revision)
    item.refresh_from_db()
    assert (item.title, item.revision) == ("Jaarverslag 2027", 2)


def test_deleting_an_item_takes_its_ticked_dates_and_says_how_many(world):
    import datetime

    item = a_calendar_item(world.tenant_a)
    with scopes_disabled():
        for year in (2026, 2027):
            CalendarOccurrence.objects.create(
                tenant=world.tenant_a,
                item=item,
                due_date=datetime.date(year, 7, 1),
                done_on=datetime.date(year, 6, 1),
            )
    with scope(tenant=world.tenant_a):
        assert services.calendar_item_delete(item=item) == 2
    with scopes_disabled():
        assert not CalendarOccurrence.objects.filter(tenant=world.tenant_a).exists()
