"""The kwaliteitskalender's frequency rules (``plans.calendar_rules``), table-driven: which due
dates a rule gives in a school year, how it reads, and to which year a due date belongs."""

from __future__ import annotations

import datetime

import pytest

from plans.calendar_rules import Rule, describe, due_dates, falls_in, school_year_of_due
from swvportal.core.schoolyear import SchoolYear

D = datetime.date
YEARLY_JULY = Rule("jaarlijks", 7, 1)
OSP = Rule("vierjaarlijks", 5, 1, anchor_year=2025)  # the OSP 2026-2030: sent before 1 May 2026
BIENNIAL = Rule("tweejaarlijks", 10, 1, anchor_year=2026)
THREE_TIMES = Rule("meermaals", dates=[[7, 1], [11, 1], [3, 1]])  # stored out of order
LEAP_DAY = Rule("jaarlijks", 2, 29)
PLANNED = Rule("planning", dates=["2027-03-15", "2026-09-01", "2027-08-01", "2026-07-31"])

DUE_DATES = [
    # jaarlijks vóór 1 juli: the 1 July that falls in each school year
    (YEARLY_JULY, 2025, [D(2026, 7, 1)]),
    (YEARLY_JULY, 2026, [D(2027, 7, 1)]),
    (YEARLY_JULY, 2030, [D(2031, 7, 1)]),
    # a day in the autumn belongs to the first calendar year, one in winter to the second
    (Rule("jaarlijks", 10, 1), 2026, [D(2026, 10, 1)]),
    (Rule("jaarlijks", 1, 1), 2026, [D(2027, 1, 1)]),
    # vóór 1 augustus closes the school year: its day is the next year's first day
    (Rule("jaarlijks", 8, 1), 2026, [D(2027, 8, 1)]),
    (Rule("jaarlijks"), 2026, [D(2027, 8, 1)]),  # no day: the end of the school year
    # 29 February: the 28th in a year without one
    (LEAP_DAY, 2026, [D(2027, 2, 28)]),
    (LEAP_DAY, 2027, [D(2028, 2, 29)]),
    # een keer per vier jaar vóór 1 mei: in the OSP's year, and every fourth year from it
    (OSP, 2021, [D(2022, 5, 1)]),
    (OSP, 2025, [D(2026, 5, 1)]),
    (OSP, 2026, []),
    (OSP, 2027, []),
    (OSP, 2028, []),
    (OSP, 2029, [D(2030, 5, 1)]),
    (Rule("vierjaarlijks", 5, 1), 2025, []),  # without its school year it never falls
    # een keer per twee jaar
    (BIENNIAL, 2024, [D(2024, 10, 1)]),
    (BIENNIAL, 2025, []),
    (BIENNIAL, 2026, [D(2026, 10, 1)]),
    (BIENNIAL, 2027, []),
    (BIENNIAL, 2028, [D(2028, 10, 1)]),
    # drie keer per jaar: in school-year order across the new year, whatever the stored order
    (THREE_TIMES, 2026, [D(2026, 11, 1), D(2027, 3, 1), D(2027, 7, 1)]),
    (THREE_TIMES, 2027, [D(2027, 11, 1), D(2028, 3, 1), D(2028, 7, 1)]),
    (Rule("meermaals", dates=[[2, 29], [8, 1]]), 2027, [D(2027, 8, 1), D(2028, 2, 29)]),
    (Rule("meermaals", dates=[[2, 29]]), 2026, [D(2027, 2, 28)]),
    # volgens planning: the dates entered that fall in the school year, in order
    (PLANNED, 2025, [D(2026, 7, 31)]),
    (PLANNED, 2026, [D(2026, 9, 1), D(2027, 3, 15)]),
    (PLANNED, 2027, [D(2027, 8, 1)]),
    (PLANNED, 2028, []),
    (Rule("planning"), 2026, []),
]


@pytest.mark.parametrize(("rule", "year", "expected"), DUE_DATES)
def test_a_rule_yields_its_due_dates_in_a_school_year(rule, year, expected):
    assert due_dates(rule, year) == expected
    assert due_dates(rule, SchoolYear(year)) == expected  # a SchoolYear or its first year


@pytest.mark.parametrize(
    ("rule", "year", "falls"),
    [
        (OSP, 2025, True),
        (OSP, 2026, False),
        (OSP, 2029, True),
        (BIENNIAL, 2027, False),
        (BIENNIAL, 2028, True),
        (YEARLY_JULY, 2027, True),
        (PLANNED, 2040, True),  # 'falls in' is about the cycle only
    ],
)
def test_a_two_or_four_yearly_rule_falls_only_in_its_years(rule, year, falls):
    assert falls_in(rule, year) is falls


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (YEARLY_JULY, "Jaarlijks vóór 1 juli"),
        (Rule("jaarlijks"), "Jaarlijks vóór 1 augustus"),
        (OSP, "Een keer per vier jaar vóór 1 mei"),
        (BIENNIAL, "Een keer per twee jaar vóór 1 oktober"),
        (THREE_TIMES, "Drie keer per jaar (1 november, 1 maart, 1 juli)"),
        (Rule("meermaals", dates=[[6, 1]]), "Een keer per jaar (1 juni)"),
        (PLANNED, "Volgens planning"),
    ],
)
def test_a_rule_reads_as_the_kwaliteitskalender_writes_it(rule, text):
    assert describe(rule) == text


@pytest.mark.parametrize(
    ("rule", "day", "year"),
    [
        (YEARLY_JULY, D(2027, 7, 1), 2026),
        (YEARLY_JULY, D(2027, 7, 2), None),  # not a date of the rule
        (Rule("jaarlijks", 8, 1), D(2027, 8, 1), 2026),  # vóór 1 augustus: the year it ends
        (OSP, D(2026, 5, 1), 2025),
        (OSP, D(2027, 5, 1), None),  # a 1 May outside the OSP's years
        (THREE_TIMES, D(2027, 3, 1), 2026),
        (PLANNED, D(2027, 8, 1), 2027),
        (PLANNED, D(2027, 8, 2), None),
    ],
)
def test_a_due_date_belongs_to_the_school_year_it_closes(rule, day, year):
    found = school_year_of_due(rule, day)
    assert (found.start if found else None) == year
