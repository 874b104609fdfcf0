"""Writes on the kwaliteitskalender: its items, the due dates marked done, and the members'
secret calendar addresses. The rules of domain.md §4 about the calendar live here; the frequency
rules themselves are ``plans.calendar_rules`` (pure).

* An item's rule is checked as a whole (``item_problems``): a two- or four-yearly item needs the
  school year it falls in, a day must exist in its month, "een aantal keer per jaar" needs its
  days (``1-11, 1-3, 1-7``), "volgens planning" takes full dates (``15-3-2027``). Fields that do
  not belong to the chosen rule are cleared, so a stored item never carries a stale date.
* A due date is marked done only when the item's rule has that date; once per date.
* A calendar address is a random token shown once; only its SHA-256 is kept. One active
  address per member: making a new one revokes the old one.
"""

from __future__ import annotations

import calendar
import datetime
import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from swvportal.core.forms import DATE_MAX, DATE_MIN
from swvportal.documents import registry as document_registry
from swvportal.documents.models import IssuedDocument

from ..calendar_rules import (
    BIENNIAL,
    CYCLE,
    FOUR_YEARLY,
    PLANNED,
    TIMES_A_YEAR,
    describe,
    due_dates,
    is_due_date,
)
from ..models import CalendarFeed, CalendarItem, CalendarOccurrence, Frequency
from .calendar_selectors import rule_of

ITEM_FIELDS = (
    "category",
    "title",
    "frequency",
    "due_month",
    "due_day",
    "anchor_year",
    "dates",
    "owner",
    "adopted_by",
    "note",
    "link",
    "is_active",
)
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
_DAY_MONTH = re.compile(r"([0-9]{1,2})-([0-9]{1,2})")
_FULL_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
# A day that exists in some year: 29 February counts (the rule moves it to the 28th).
_LEAP = 2000


# --- Reading what a person typed -------------------------------------------------------------


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;\n]+", text or "") if p.strip()]


def _day_problem(day: int, month: int, shown: str) -> str | None:
    if not 1 <= month <= 12:
        return f"“{shown}”: een maand is een getal van 1 tot en met 12."
    last = calendar.monthrange(_LEAP, month)[1]
    if not 1 <= day <= last:
        return f"“{shown}” bestaat niet: {MONTHS[month - 1]} heeft {last} dagen."
    return None


def parse_month_days(text: str) -> list[list[int]]:
    """``"1-11, 1-3, 1-7"`` → ``[[11, 1], [3, 1], [7, 1]]`` (as stored), in school-year order.
    Raises a Dutch ValidationError that names each piece it cannot read."""
    found: set[tuple[int, int]] = set()
    problems = []
    for piece in _pieces(text):
        match = _DAY_MONTH.fullmatch(piece)
        if match is None:
            problems.append(f"“{piece}”: schrijf dag-maand, bijvoorbeeld 1-11 voor 1 november.")
            continue
        day, month = int(match[1]), int(match[2])
        problem = _day_problem(day, month, piece)
        if problem:
            problems.append(problem)
        else:
            found.add((month, day))
    if problems:
        raise ValidationError(problems, code="invalid_dates")
    return [[m, d] for m, d in sorted(found, key=lambda md: ((md[0] - 8) % 12, md[1]))]


def parse_planned_dates(text: str) -> list[str]:
    """``"15-3-2027, 1-6-2027"`` → ``["2027-03-15", "2027-06-01"]`` (as stored), in order."""
    found: set[datetime.date] = set()
    problems = []
    for piece in _pieces(text):
        match = _FULL_DATE.fullmatch(piece)
        if match is None:
            problems.append(
                f"“{piece}”: schrijf een datum als dag-maand-jaar, bijvoorbeeld 15-3-2027."
            )
            continue
        try:
            day = datetime.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            problems.append(f"“{piece}” bestaat niet als datum.")
            continue
        if not DATE_MIN <= day <= DATE_MAX:
            problems.append(f"“{piece}”: kies een datum tussen 2000 en 2099.")
        else:
            found.add(day)
    if problems:
        raise ValidationError(problems, code="invalid_dates")
    return [d.isoformat() for d in sorted(found)]


def format_dates(frequency: str, dates: list) -> str:
    """The stored dates as a person types them (the form's initial value)."""
    if frequency == TIMES_A_YEAR:
        return ", ".join(f"{int(d)}-{int(m)}" for m, d in dates)
    if frequency == PLANNED:
        return ", ".join(
            f"{day.day}-{day.month}-{day.year}"
            for day in (datetime.date.fromisoformat(str(d)) for d in dates)
        )
    return ""


# --- The item's rule as a whole --------------------------------------------------------------


def normalise_item(data: dict[str, Any]) -> dict[str, Any]:
    """Clear what does not belong to the chosen rule (a day for 'volgens planning' …)."""
    data = dict(data)
    frequency = data.get("frequency")
    if frequency not in CYCLE:
        data["due_month"] = data["due_day"] = None
    if frequency not in (BIENNIAL, FOUR_YEARLY):
        data["anchor_year"] = None
    if frequency not in (TIMES_A_YEAR, PLANNED):
        data["dates"] = []
    return data


def item_problems(data: dict[str, Any]) -> dict[str, str]:
    """Per field what is wrong with an item's rule (an empty dict: nothing)."""
    problems: dict[str, str] = {}
    frequency = data.get("frequency")
    if frequency not in Frequency.values:
        return {"frequency": "Kies hoe vaak het terugkomt."}
    if not (data.get("title") or "").strip():
        problems["title"] = "Vul het onderwerp in, bijvoorbeeld ‘Jaarverslag’."
    if frequency in CYCLE:
        problems.update(_deadline_problems(data.get("due_day"), data.get("due_month")))
    if frequency in (BIENNIAL, FOUR_YEARLY) and data.get("anchor_year") is None:
        every = "twee" if frequency == BIENNIAL else "vier"
        problems["anchor_year"] = (
            f"Vul een schooljaar in waarin het valt, bijvoorbeeld 2025-2026. Zonder dat jaar "
            f"weet de kalender niet in welke jaren het (om de {every} jaar) valt."
        )
    if frequency == TIMES_A_YEAR and not data.get("dates"):
        problems["dates"] = (
            "Vul de dagen in waarop het elk jaar terugkomt, als dag-maand met komma's ertussen, "
            "bijvoorbeeld 1-11, 1-3, 1-7."
        )
    return problems


def _deadline_problems(day: int | None, month: int | None) -> dict[str, str]:
    if day is None and month is None:
        return {}  # no date: 'vóór 1 augustus', the end of the school year
    if month is None:
        return {"due_month": "Kies ook de maand (of laat dag en maand allebei leeg)."}
    if day is None:
        return {"due_day": "Vul ook de dag in (of laat dag en maand allebei leeg)."}
    problem = _day_problem(day, month, f"{day} {MONTHS[month - 1]}" if 1 <= month <= 12 else "")
    return {"due_day": problem} if problem else {}


def preview(data: dict[str, Any], years: list) -> list[tuple[Any, list[datetime.date]]]:
    """The due dates the rule gives in each of ``years`` (for the form's preview)."""
    item = CalendarItem(**{k: v for k, v in normalise_item(data).items() if k in ITEM_FIELDS})
    return [(year, due_dates(rule_of(item), year)) for year in years]


# --- Items -------------------------------------------------------------------------------------


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    data = normalise_item({k: data[k] for k in ITEM_FIELDS if k in data})
    problems = item_problems(data)
    if problems:
        raise ValidationError(problems)
    return data


@transaction.atomic
def calendar_item_create(*, tenant, data: dict[str, Any], by=None) -> CalendarItem:
    data = _checked(data)
    last = CalendarItem.objects.filter(tenant=tenant, category=data["category"]).aggregate(
        m=Max("position")
    )["m"]
    return CalendarItem.objects.create(tenant=tenant, position=(last or 0) + 1, **data)


@transaction.atomic
def calendar_item_update(
    *, item: CalendarItem, data: dict[str, Any], revision: int | None = None, by=None
) -> CalendarItem:
    data = _checked(data)
    current = CalendarItem.objects.select_for_update().get(pk=item.pk)
    if revision is not None and current.revision != revision:
        raise ValidationError(
            "Iemand anders heeft dit onderdeel intussen gewijzigd. Uw wijziging is niet "
            "opgeslagen. Open het onderdeel opnieuw en voer uw wijziging nog eens in.",
            code="conflict",
        )
    if data["category"] != current.category:
        last = CalendarItem.objects.filter(
            tenant=current.tenant, category=data["category"]
        ).aggregate(m=Max("position"))["m"]
        current.position = (last or 0) + 1
    for name, value in data.items():
        setattr(current, name, value)
    current.revision += 1
    current.save()
    return current


@transaction.atomic
def calendar_item_delete(*, item: CalendarItem, by=None) -> int:
    """Delete the item and its ticked dates; returns how many ticked dates went with it."""
    ticked = CalendarOccurrence.objects.filter(item=item).count()
    item.delete()
    return ticked


# --- Due dates marked done ---------------------------------------------------------------------


def document_choices(documents):
    """The issued documents a due date may point to: the tenant's, newest first, never a
    document about a pupil (a decision letter): the kwaliteitskalender is read by every role."""
    open_kinds = [t.key for t in document_registry.all_types() if not t.sensitive]
    return documents.filter(kind__in=open_kinds).order_by("-created_at", "-pk")


def _occurrence_problems(
    item: CalendarItem, due_date: datetime.date, done_on: datetime.date, document
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not item.is_active:
        problems["due_date"] = "Dit onderdeel staat niet meer actief: het heeft geen data meer."
    elif not is_due_date(rule_of(item), due_date):
        problems["due_date"] = (
            f"{date_format(due_date, 'j F Y')} is geen datum van “{item.title}” "
            f"({describe(rule_of(item)).lower()}). Kies een datum uit de kwaliteitskalender."
        )
    today = timezone.localdate()
    if done_on > today:
        problems["done_on"] = "Gedaan op kan niet na vandaag liggen. Vink het af als het klaar is."
    elif done_on < DATE_MIN:
        problems["done_on"] = "Vul een datum in vanaf 2000."
    if document is not None:
        kind = document_registry.get(document.kind)
        if document.tenant_id != item.tenant_id or kind is None or kind.sensitive:
            problems["document"] = "Kies een document van uw samenwerkingsverband uit de lijst."
    return problems


@transaction.atomic
def occurrence_done(
    *,
    item: CalendarItem,
    due_date: datetime.date,
    done_on: datetime.date | None = None,
    note: str = "",
    document: IssuedDocument | None = None,
    by=None,
) -> CalendarOccurrence:
    """Mark one due date of ``item`` done (on ``done_on``, default today)."""
    item = CalendarItem.objects.select_for_update().get(pk=item.pk)
    done_on = done_on or timezone.localdate()
    problems = _occurrence_problems(item, due_date, done_on, document)
    earlier = CalendarOccurrence.objects.filter(item=item, due_date=due_date).first()
    if earlier is not None and "due_date" not in problems:
        problems["due_date"] = (
            f"Deze datum is al afgevinkt (gedaan op {date_format(earlier.done_on, 'j F Y')}). "
            "Maak dat eerst ongedaan als u het anders wilt vastleggen."
        )
    if problems:
        raise ValidationError(problems)
    return CalendarOccurrence.objects.create(
        tenant=item.tenant,
        item=item,
        due_date=due_date,
        done_on=done_on,
        done_by=by if getattr(by, "pk", None) else None,
        document=document,
        note=(note or "").strip()[:300],
    )


@transaction.atomic
def occurrence_undo(*, occurrence: CalendarOccurrence, by=None) -> None:
    occurrence.delete()


# --- Calendar addresses (iCalendar) -------------------------------------------------------------


def _revoke_active(*, tenant, user) -> int:
    """Revoke one by one (not ``update()``), so the logboek shows each revocation."""
    feeds = list(
        CalendarFeed.objects.select_for_update().filter(
            tenant=tenant, user=user, revoked_at__isnull=True
        )
    )
    for feed in feeds:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return len(feeds)


@transaction.atomic
def feed_create(*, tenant, user) -> tuple[CalendarFeed, str]:
    """A new secret address for this member; an older one stops working. Returns the feed and
    its token: the only time the token exists outside the calendar program."""
    _revoke_active(tenant=tenant, user=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        tenant=tenant, user=user, token_hash=CalendarFeed.hash_token(token)
    )
    return feed, token


@transaction.atomic
def feed_revoke(*, tenant, user) -> int:
    """Revoke this member's address; returns how many were active (0 or 1)."""
    return _revoke_active(tenant=tenant, user=user)


def feed_touch(feed: CalendarFeed) -> None:
    """Note that a calendar program fetched the address (no log entry: it happens hourly)."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
