"""The school year as a value (domain.md §1: 1 August – 31 July, written 2026-2027)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from swvportal.core.schoolyear import (
    BAD_FORMAT,
    NOT_CONSECUTIVE,
    SchoolYear,
    parse_start,
    school_year_label,
    validate_start_year,
)

years = st.integers(min_value=SchoolYear.MIN_START, max_value=SchoolYear.MAX_START)


@pytest.mark.parametrize(
    ("text", "start"),
    [("2026-2027", 2026), ("1999-2000", 1999), ("2099-2100", 2099), ("0001-0002", 1)],
)
def test_it_parses_a_label(text, start):
    assert SchoolYear.parse(text) == SchoolYear(start)
    assert parse_start(text) == start


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026/2027", BAD_FORMAT),
        ("2026-27", BAD_FORMAT),
        ("26-27", BAD_FORMAT),
        (" 2026-2027", BAD_FORMAT),
        ("\u0662\u0660\u0662\u0666-\u0662\u0660\u0662\u0667", BAD_FORMAT),  # not ASCII digits
        ("", BAD_FORMAT),
        ("2026-2027\n", BAD_FORMAT),
        ("0000-0001", BAD_FORMAT),
        ("2026-2028", NOT_CONSECUTIVE),
        ("2027-2026", NOT_CONSECUTIVE),
        ("2026-2026", NOT_CONSECUTIVE),
    ],
)
def test_it_refuses_a_bad_label_in_dutch(text, message):
    with pytest.raises(ValidationError) as exc:
        SchoolYear.parse(text)
    assert exc.value.messages == [message]


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (datetime.date(2026, 7, 31), 2025),
        (datetime.date(2026, 8, 1), 2026),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2027, 1, 1), 2026),
        (datetime.date(2027, 7, 31), 2026),
        (datetime.date(2027, 8, 1), 2027),
    ],
)
def test_a_school_year_starts_on_1_august(day, start):
    assert SchoolYear.from_date(day) == SchoolYear(start)
    assert SchoolYear(start).contains(day) and day in SchoolYear(start)
    assert not SchoolYear(start).next.contains(day)
    assert not SchoolYear(start).previous.contains(day)


def test_its_days_names_and_neighbours():
    year = SchoolYear(2026)
    assert (year.first_day, year.last_day) == (
        datetime.date(2026, 8, 1),
        datetime.date(2027, 7, 31),
    )
    assert (str(year), year.label, year.end) == ("2026-2027", "2026-2027", 2027)
    assert (year.next, year.previous) == (SchoolYear(2027), SchoolYear(2025))
    assert year + 3 == SchoolYear(2029) and year - 1 == SchoolYear(2025)
    # A peildatum of 1 October falls in the first calendar year, 1 March in the second.
    assert year.date_in(10, 1) == datetime.date(2026, 10, 1)
    assert year.date_in(3, 1) == datetime.date(2027, 3, 1)


def test_a_range_runs_up_to_and_including_the_last():
    assert [str(y) for y in SchoolYear.span(2026, SchoolYear(2029))] == [
        "2026-2027",
        "2027-2028",
        "2028-2029",
        "2029-2030",
    ]
    assert list(SchoolYear.span(2026, 2025)) == []


def test_it_orders_and_hashes_by_its_first_year():
    assert sorted([SchoolYear(2028), SchoolYear(2026), SchoolYear(2027)]) == list(
        SchoolYear.span(2026, 2028)
    )
    assert len({SchoolYear(2026), SchoolYear(2026), SchoolYear(2027)}) == 2
    assert SchoolYear(2026) < SchoolYear(2027) <= SchoolYear(2027)


@pytest.mark.parametrize("bad", [0, 9999, -1, "2026", 2026.0, True, None])
def test_it_is_made_from_a_real_year_only(bad):
    with pytest.raises((TypeError, ValueError)):
        SchoolYear(bad)


def test_the_label_of_a_stored_value():
    assert school_year_label(2026) == "2026-2027"
    assert school_year_label(None) == "" and school_year_label(0) == ""
    page = Template("{% load school_years %}{{ y|school_year }}|{{ n|school_year }}")
    assert page.render(Context({"y": 2026, "n": None})) == "2026-2027|"


@given(years)
def test_parse_is_the_inverse_of_str(start):
    year = SchoolYear(start)
    assert SchoolYear.parse(str(year)) == year
    assert school_year_label(start) == str(year)


@given(st.dates(min_value=datetime.date(2, 8, 1), max_value=datetime.date(9998, 7, 31)))
def test_every_day_falls_in_the_school_year_of_that_day_and_the_next_follows_on(day):
    year = SchoolYear.from_date(day)
    assert year.first_day <= day <= year.last_day
    assert SchoolYear.from_date(year.last_day + datetime.timedelta(days=1)) == year.next
    assert SchoolYear.from_date(year.first_day - datetime.timedelta(days=1)) == year.previous


@given(st.text(max_size=12))
def test_any_text_parses_or_is_refused_with_a_dutch_message(text):
    try:
        year = SchoolYear.parse(text)
    except ValidationError as exc:
        assert exc.messages in ([BAD_FORMAT], [NOT_CONSECUTIVE])
    else:
        assert str(year) == text


def test_the_validator_for_a_stored_first_year():
    validate_start_year(2026)
    with pytest.raises(ValidationError, match="2026-2027"):
        validate_start_year(0)
