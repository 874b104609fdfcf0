"""Part "feedback": the yearly feedback to schools (issue #16, point 4), services and selectors.

A feedback round (``Feedback``) is one school's *terugkoppeling* of one school year: when it was
given, the themes and trends that were discussed, a note of what was shared and the figures the
school saw, stored when the round is saved (``Feedback.figures``) so what the school read stays
what it was. Those figures are aggregates only, and small ones are already hidden: a count of
1–4 is stored as "<5" (``rules.shown`` with ``suppress=True``), and the themes' counts go through
``rules.protect_parts`` so a total does not give one hidden part back. No contact text, no
reference and no call-back data is ever stored or shown here.

Who may: ``view_feedback`` reads (staff and toezicht all of the tenant's schools, a
zorgcoördinator their own schools only); ``handle_contacts`` (staff) records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School, Tenant

from . import rules
from .models import Contact, Feedback, Theme, Trend
from .selectors import VIEW_FEEDBACK, feedback_list

# The school years a page accepts: far enough back for old rounds, none in the future (a round
# is given within or after its school year, and never on a day to come).
FIRST_YEAR = 2000
YEARS_IN_PICKER = 5

NO_THEME = "zonder thema"


def current_school_year() -> int:
    return SchoolYear.current().start


def valid_school_year(year: int) -> bool:
    return FIRST_YEAR <= year <= current_school_year()


def year_choices(selected: int | None = None) -> list[int]:
    """The school years of the picker, newest first (the selected one always among them)."""
    current = current_school_year()
    years = set(range(current - YEARS_IN_PICKER + 1, current + 1))
    if selected is not None:
        years.add(selected)
    return sorted(years, reverse=True)


# --- Selectors ---------------------------------------------------------------------------------


def feedback_schools(*, membership: Membership) -> QuerySet[School]:
    """The schools whose feedback this member reads (a zorgcoördinator: their own)."""
    return visible(
        School.objects.filter(tenant_id=membership.tenant_id).order_by("name"),
        membership,
        VIEW_FEEDBACK,
        school_field="pk",
    )


@dataclass(frozen=True)
class SchoolRow:
    school: School
    feedback: Feedback | None


@dataclass(frozen=True)
class Overview:
    school_year: int
    rows: list[SchoolRow]

    @property
    def schools(self) -> int:
        return len(self.rows)

    @property
    def given(self) -> int:
        return sum(1 for row in self.rows if row.feedback is not None)

    @property
    def percentage(self) -> int | None:
        if not self.rows:
            return None
        exact = Decimal(100 * self.given) / Decimal(self.schools)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def share_label(self) -> str:
        """ "7 van de 9 scholen, 78%"."""
        if not self.rows:
            return "Geen scholen."
        noun = "school" if self.schools == 1 else "scholen"
        return f"{self.given} van de {self.schools} {noun}, {self.percentage}%"


def feedback_overview(*, membership: Membership, school_year: int) -> Overview:
    """The member's schools of one school year with their feedback (or none): two queries."""
    schools = list(feedback_schools(membership=membership))
    given = {
        f.school_id: f
        for f in feedback_list(membership=membership)
        .filter(school_year=school_year)
        .select_related(None)
        .prefetch_related(None)
    }
    return Overview(school_year, [SchoolRow(s, given.get(s.pk)) for s in schools])


def feedback_of(*, school: School, school_year: int) -> Feedback | None:
    return (
        Feedback.objects.filter(tenant_id=school.tenant_id, school=school, school_year=school_year)
        .prefetch_related("themes", "trends")
        .first()
    )


def _contacts_of(school: School, school_year: int) -> QuerySet[Contact]:
    year = SchoolYear(school_year)
    return Contact.objects.filter(
        tenant_id=school.tenant_id,
        school=school,
        received_on__gte=year.first_day,
        received_on__lte=year.last_day,
    )


def preselection(*, school: School, school_year: int) -> tuple[list[int], list[int]]:
    """The theme ids of the school's contacts in that school year, and the ids of the trends
    with signals at that school in that school year (what the form ticks to start with)."""
    contacts = _contacts_of(school, school_year)
    theme_ids = sorted(
        Theme.objects.filter(tenant_id=school.tenant_id, contacts__in=contacts)
        .values_list("pk", flat=True)
        .distinct()
    )
    trend_ids = sorted(
        Trend.objects.filter(
            tenant_id=school.tenant_id, signals__in=contacts.filter(is_signal=True)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return theme_ids, trend_ids


def shared_figures(*, school: School, school_year: int, trends: Iterable[Trend] = ()) -> dict:
    """What the school is shown: its contacts of the school year in total and per theme (small
    counts as "<5", parts protected), and the discussed trends with their status. Two queries.
    """
    contacts = _contacts_of(school, school_year)
    total = contacts.count()
    per_theme = dict(
        contacts.filter(themes__isnull=False)
        .values_list("themes__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("themes__name")
        .values_list("themes__name", "n")
    )
    without = contacts.filter(themes__isnull=True).count() if total else 0
    parts = {**per_theme, **({NO_THEME: without} if without else {})}
    labels = rules.protect_parts(parts, suppress=True)
    return {
        "schooljaar": SchoolYear(school_year).label,
        "contacten": rules.shown(total, suppress=True),
        "per_thema": [{"thema": name, "aantal": labels[name]} for name in per_theme],
        **({"zonder_thema": labels[NO_THEME]} if without else {}),
        "trends": [
            {"titel": t.title, "status": t.get_status_display()}
            for t in sorted(trends, key=lambda t: t.title)
        ],
    }


# --- Services ----------------------------------------------------------------------------------


def _check_date(given_on: datetime.date, school_year: int) -> None:
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "De datum ligt in de toekomst. Kies vandaag of eerder."})
    year = SchoolYear(school_year)
    if given_on < year.first_day:
        raise ValidationError(
            {
                "given_on": f"De datum ligt vóór het schooljaar {year.label}. Kies een datum "
                f"vanaf {year.first_day:%d-%m-%Y}."
            }
        )


@transaction.atomic
def feedback_save(
    *,
    tenant: Tenant,
    school: School,
    school_year: int,
    given_on: datetime.date,
    themes: Iterable[Theme] = (),
    trends: Iterable[Trend] = (),
    note: str = "",
    by=None,
) -> tuple[Feedback, bool]:
    """Record (or change) the school's feedback of that school year; returns it and whether it
    is new. The shared figures are computed now and stored with it."""
    if school.tenant_id != tenant.pk:
        raise ValidationError("Deze school hoort niet bij uw samenwerkingsverband.")
    if not valid_school_year(school_year):
        raise ValidationError({"school_year": "Kies een schooljaar dat al begonnen is."})
    _check_date(given_on, school_year)
    themes = [t for t in themes if t.tenant_id == tenant.pk]
    trends = [t for t in trends if t.tenant_id == tenant.pk]
    feedback = Feedback.objects.filter(
        tenant=tenant, school=school, school_year=school_year
    ).first()
    created = feedback is None
    if created:
        feedback = Feedback(tenant=tenant, school=school, school_year=school_year, recorded_by=by)
    feedback.given_on = given_on
    feedback.note = note
    feedback.figures = shared_figures(school=school, school_year=school_year, trends=trends)
    if by is not None:
        feedback.recorded_by = by
    feedback.full_clean(exclude=["themes", "trends"], validate_unique=False)
    feedback.save()
    feedback.themes.set(themes)
    feedback.trends.set(trends)
    return feedback, created


__all__ = [
    "Overview",
    "SchoolRow",
    "current_school_year",
    "feedback_of",
    "feedback_overview",
    "feedback_save",
    "feedback_schools",
    "preselection",
    "shared_figures",
    "valid_school_year",
    "year_choices",
]
