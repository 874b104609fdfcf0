"""The steunpunt's pure rules: small counts, follow-ups, the school year of a contact.

Small counts (domain.md §11): a count of 1 to 4 contacts is shown as "<5" to whoever does not
staff the steunpunt (toezicht, a school reading its feedback). 0 is shown: nothing to hide.
Where a total is shown beside hidden parts, one hidden part would be the total minus the others,
and two hidden parts adding up to 2 are both 1: so the hidden parts of a shown total are none,
or at least two adding up to 5 or more (:func:`protect_parts`).
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
    """Parts of one shown total, as shown: the small ones as "<5", and then, while the hidden
    parts would come back from the total minus the shown ones (exactly one part hidden, or the
    hidden parts adding up to 1–4), the smallest shown non-zero part is hidden too (the rule of
    ``monitoring.disclosure``)."""
    labels = {key: shown(count, suppress=suppress) for key, count in parts.items()}
    if not suppress:
        return labels
    hidden = {key for key, count in parts.items() if is_small(count)}
    while needs_more_hidden(parts, hidden):
        others = sorted((count, key) for key, count in parts.items() if key not in hidden and count)
        if not others:
            break
        hidden.add(others[0][1])
    return {key: SMALL_LABEL if key in hidden else label for key, label in labels.items()}


def needs_more_hidden(parts: Mapping, hidden: set) -> bool:
    """Would the total minus the shown parts give a hidden part, or a small sum, back?"""
    hidden_parts = [key for key in parts if key in hidden]
    return len(hidden_parts) == 1 or is_small(sum(parts[key] for key in hidden_parts))


def school_year_of(day: datetime.date) -> int:
    """The school year (its first calendar year) a date falls in."""
    return SchoolYear.from_date(day).start


def follow_up_overdue(
    *, needed: bool, by: datetime.date | None, closed_on: datetime.date | None, today
) -> bool:
    return needed and closed_on is None and by is not None and by < today
