"""The steunpunt's pure rules: small counts, follow-ups, the school year of a contact.

Small counts (domain.md §11): a count of 1 to 4 contacts is shown as "<5" to whoever does not
staff the steunpunt (toezicht, a school reading its feedback). 0 is shown: nothing to hide.
Where a total is shown beside hidden parts, the total is shown as it is only when at least two
parts are hidden or none is: one hidden part would be the total minus the others
(:func:`protect_parts`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from swvportal.core.schoolyear import SchoolYear

SMALL_MIN, SMALL_MAX = 1, 4
SMALL_LABEL = "<5"


def is_small(count: int | None) -> bool:
    return count is not None and SMALL_MIN <= count <= SMALL_MAX


def shown(count: int | None, *, suppress: bool) -> str:
    """A count as a page shows it: ``"<5"`` for 1–4 when suppressed, else the number."""
    if count is None:
        return "–"
    if suppress and is_small(count):
        return SMALL_LABEL
    return str(count)


def protect_parts(parts: Mapping[str, int], *, suppress: bool) -> dict[str, str]:
    """Parts of one total, as shown: the small ones as "<5", and when exactly one part is
    hidden, the smallest other non-zero part too (else the total gives it back)."""
    labels = {key: shown(count, suppress=suppress) for key, count in parts.items()}
    if not suppress:
        return labels
    hidden = [key for key, count in parts.items() if is_small(count)]
    if len(hidden) == 1:
        others = sorted(
            (count, key) for key, count in parts.items() if key not in hidden and count > 0
        )
        if others:
            labels[others[0][1]] = SMALL_LABEL
    return labels


def school_year_of(day: datetime.date) -> int:
    """The school year (its first calendar year) a date falls in."""
    return SchoolYear.from_date(day).start


def follow_up_overdue(
    *, needed: bool, by: datetime.date | None, closed_on: datetime.date | None, today
) -> bool:
    return needed and closed_on is None and by is not None and by < today
