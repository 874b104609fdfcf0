"""The school year as a value: ``SchoolYear(2026)`` is 2026-2027, 1 August 2026 – 31 July 2027.

Stored values stay what they were: a school year is kept in the database by its first calendar
year (an integer, 2026 for 2026-2027); pages and exchange files write it as ``"2026-2027"``.
Every place that turns one into the other, finds the school year of a date or walks a range of
school years uses this class, so the rule (domain.md §1: a school year starts on 1 August) is
written once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import ValidationError

FIRST_MONTH = 8  # a school year runs 1 August – 31 July
_LABEL = re.compile(r"([0-9]{4})-([0-9]{4})")  # ASCII digits only

# Why each label is refused, in the words a person can act on (B1).
BAD_FORMAT = "Schrijf een schooljaar als 2026-2027."
NOT_CONSECUTIVE = (
    "De twee jaren van een schooljaar moeten op elkaar volgen, bijvoorbeeld 2026-2027."
)


@dataclass(frozen=True, order=True)
class SchoolYear:
    """One school year, named by its first calendar year. Ordered, hashable, immutable."""

    start: int

    # Any year a ``datetime.date`` can hold both halves of.
    MIN_START: ClassVar[int] = 1
    MAX_START: ClassVar[int] = 9998

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or isinstance(self.start, bool):
            raise TypeError(f"Een schooljaar begint in een jaartal, niet {self.start!r}.")
        if not self.MIN_START <= self.start <= self.MAX_START:
            raise ValueError(f"Het jaar {self.start} valt buiten het bereik van schooljaren.")

    # --- Making one ---------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """``"2026-2027"`` → ``SchoolYear(2026)``. A bad label raises a Dutch ValidationError."""
        match = _LABEL.fullmatch(str(text))
        if match is None:
            raise ValidationError(BAD_FORMAT, code="invalid_school_year")
        first, second = int(match[1]), int(match[2])
        if second != first + 1:
            raise ValidationError(NOT_CONSECUTIVE, code="invalid_school_year")
        try:
            return cls(first)
        except ValueError as exc:
            raise ValidationError(BAD_FORMAT, code="invalid_school_year") from exc

    @classmethod
    def from_date(cls, day: datetime.date) -> SchoolYear:
        """The school year ``day`` falls in: 31 July 2026 is in 2025-2026, 1 August in 2026-2027."""
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def current(cls) -> SchoolYear:
        from django.utils import timezone

        return cls.from_date(timezone.localdate())

    @classmethod
    def span(cls, first: SchoolYear | int, last: SchoolYear | int) -> Iterator[SchoolYear]:
        """``first`` up to and including ``last`` (ints are first calendar years)."""
        first, last = _as_start(first), _as_start(last)
        return (cls(year) for year in range(first, last + 1))

    # --- Reading one --------------------------------------------------------------------------

    @property
    def end(self) -> int:
        """The second calendar year: 2027 for 2026-2027."""
        return self.start + 1

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start, FIRST_MONTH, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.end, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return _label(self.start)

    def __str__(self) -> str:
        return self.label

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __contains__(self, day: datetime.date) -> bool:
        return self.contains(day)

    def date_in(self, month: int, day: int) -> datetime.date:
        """That day of the year within this school year: (10, 1) → 1 October of the first year,
        (3, 1) → 1 March of the second (a peildatum, a deadline)."""
        return datetime.date(self.start if month >= FIRST_MONTH else self.end, month, day)

    def __add__(self, years: int) -> SchoolYear:
        return SchoolYear(self.start + years)

    def __sub__(self, years: int) -> SchoolYear:
        return SchoolYear(self.start - years)

    @property
    def next(self) -> SchoolYear:
        return self + 1

    @property
    def previous(self) -> SchoolYear:
        return self - 1


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (earlier when negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _as_start(year: SchoolYear | int) -> int:
    return year.start if isinstance(year, SchoolYear) else int(year)


def _label(start: int) -> str:
    return f"{start:04d}-{start + 1:04d}"  # four digits each, as parse reads them


def school_year_label(start: int | None) -> str:
    """A stored first calendar year as a label: 2026 → ``"2026-2027"``; empty for no year.
    Never raises: pages and the logboek show whatever number was stored."""
    return _label(start) if start else ""


def parse_start(text: str) -> int:
    """``"2026-2027"`` → 2026, the stored form. Raises the Dutch ValidationError of ``parse``."""
    return SchoolYear.parse(text).start


def validate_start_year(value: int) -> None:
    """A model or form validator for a school year stored by its first calendar year."""
    try:
        SchoolYear(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(BAD_FORMAT, code="invalid_school_year") from exc
