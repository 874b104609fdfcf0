"""Writes of the monitoring app: the catalogue, school reports, SWV entries and snapshots.

``indicators_compute`` is the heart: it computes every indicator of a tenant for one peildatum
and writes ``Measurement`` snapshots. It never updates a snapshot: a figure that differs from the
newest snapshot of the same (indicator, peildatum, school) is added as a new row, so the earlier
figure stays in the history; a figure that is the same writes nothing. Running it twice
therefore leaves exactly the same rows (the job is idempotent).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from swvportal.core import calculations
from swvportal.core.calculations import Figure
from swvportal.core.schoolyear import SchoolYear, school_year_label
from swvportal.tenancy.models import School, Tenant

from .catalogue import indicator_fields_from_document
from .models import (
    DEFAULT_PEILDATA_TWICE,
    DEFAULT_PEILDATA_YEARLY,
    AnswerKind,
    Frequency,
    Indicator,
    Measurement,
    MonitoringSettings,
    SchoolAnswer,
    SchoolReport,
    Source,
    SwvEntry,
    Unit,
)
from .norms import Norm, NormKind, Point, evaluate, school_year_of

CATALOGUE_SCHEMA = "swvportal.indicators/1"
HISTORY_YEARS = 4  # how far back a trend looks for earlier peildata (TREND_WINDOW fits in it)


# --- settings ------------------------------------------------------------------------------


DEFAULT_SETTINGS = {
    "peildata_twice": DEFAULT_PEILDATA_TWICE,
    "peildata_yearly": DEFAULT_PEILDATA_YEARLY,
}


def monitoring_settings(tenant: Tenant) -> MonitoringSettings:
    """The tenant's settings, or the defaults (unsaved): reading a page never writes."""
    found = MonitoringSettings.objects.filter(tenant=tenant).first()
    return found or MonitoringSettings(tenant=tenant, **DEFAULT_SETTINGS)


def _settings_locked(tenant: Tenant) -> MonitoringSettings:
    """The settings row, made when missing, locked until the transaction ends."""
    MonitoringSettings.objects.get_or_create(tenant=tenant, defaults=DEFAULT_SETTINGS)
    return MonitoringSettings.objects.select_for_update().get(tenant=tenant)


def parse_day_months(raw: str, *, count: int, field_name: str) -> list[list[int]]:
    """ "1-10, 1-3" → [[10, 1], [3, 1]] (month, day); exactly ``count`` valid dates."""
    days = []
    for part in [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]:
        try:
            day, month = (int(x) for x in part.split("-"))
            datetime.date(2001, month, day)  # not a leap year: 29-2 is no peildatum
        except ValueError:
            raise ValidationError(
                {field_name: [f"'{part}' is geen datum: schrijf dag-maand, bijvoorbeeld 1-10."]}
            ) from None
        days.append([month, day])
    if len(days) != count or len({tuple(d) for d in days}) != count:
        word = "één datum" if count == 1 else f"{count} verschillende datums"
        raise ValidationError({field_name: [f"Vul precies {word} in."]})
    return days


@transaction.atomic
def monitoring_settings_update(*, tenant: Tenant, twice: str, yearly: str) -> MonitoringSettings:
    """Set the tenant's peildata; the nightly run uses them from the next night on."""
    found = _settings_locked(tenant)
    problems: dict[str, list[str]] = {}
    values = {}
    for name, raw, count in (("peildata_twice", twice, 2), ("peildata_yearly", yearly, 1)):
        try:
            values[name] = parse_day_months(raw, count=count, field_name=name)
        except ValidationError as exc:
            problems |= exc.message_dict
    if problems:
        raise ValidationError(problems)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


def is_due(indicator: Indicator, on: datetime.date, settings: MonitoringSettings) -> bool:
    """Is ``on`` one of the peildata of this indicator's reporting frequency?"""
    days = settings.peildata_twice if indicator.frequency == Frequency.TWICE else None
    days = days or settings.peildata_yearly
    return [on.month, on.day] in [list(d) for d in days]


# --- the catalogue -------------------------------------------------------------------------


@transaction.atomic
def catalogue_load(*, tenant: Tenant, document: dict[str, Any], plan=None) -> int:
    """Add the catalogue's indicators the tenant does not have yet; returns how many.

    ``doel`` is matched by title to the ontwikkeldoelen of ``plan`` (the adopted plan), whose
    uids then link indicator and goal across plan versions.
    """
    if document.get("schema") != CATALOGUE_SCHEMA:
        raise ValidationError(f"Dit is geen indicatorenbestand ({CATALOGUE_SCHEMA}).")
    pillars, goals = _plan_links(plan)
    known = set(Indicator.objects.filter(tenant=tenant).values_list("pillar_number", "text"))
    created = 0
    for position, row in enumerate(document.get("indicatoren", []), start=1):
        try:
            fields = indicator_fields_from_document(row, position)
        except (KeyError, ValueError) as exc:
            raise ValidationError(f"Indicator {position}: {exc}") from None
        if (fields["pillar_number"], fields["text"]) in known:
            continue
        goal_title = row.get("doel")
        if goal_title and plan is not None and goal_title not in goals:
            raise ValidationError(f"Indicator {position}: onbekend ontwikkeldoel {goal_title!r}.")
        fields["pillar_uid"] = pillars.get(fields["pillar_number"])
        fields["goal_uid"] = goals.get(goal_title) if goal_title else None
        indicator = Indicator(tenant=tenant, **fields)
        _validate_indicator(indicator)
        indicator.save()
        known.add((indicator.pillar_number, indicator.text))
        created += 1
    return created


def _plan_links(plan) -> tuple[dict[int, Any], dict[str, Any]]:
    if plan is None:
        return {}, {}
    from plans.selectors import plan_goals, plan_pillars

    pillars = dict(plan_pillars(plan=plan).values_list("position", "uid"))
    goals = dict(plan_goals(plan=plan).values_list("title", "uid"))
    return pillars, goals


def _validate_indicator(indicator: Indicator) -> None:
    problems: dict[str, list[str]] = {}
    if not indicator.pillar_number or indicator.pillar_number < 1:
        problems["pillar_number"] = ["Een pijler heeft een nummer van 1 of hoger."]
    try:
        indicator.norm  # noqa: B018  (building the norm checks its parameters)
    except ValueError as exc:
        problems["norm_kind"] = [f"De norm klopt niet: {exc}."]
    if indicator.source == Source.COMPUTED and (
        indicator.calculation not in calculations.CALCULATIONS
    ):
        problems["calculation"] = ["Kies een berekening: de bron is 'berekend'."]
    if indicator.source == Source.SCHOOL and not indicator.answer_kind:
        problems["answer_kind"] = ["Kies wat scholen antwoorden: de bron is 'school'."]
    if (indicator.norm_kind == NormKind.INSIGHT) != (indicator.unit == Unit.TEXT):
        problems["unit"] = ["Een norm 'inzicht' hoort bij de eenheid 'tekst', en alleen die."]
    if indicator.norm_kind == NormKind.INSIGHT and indicator.source != Source.SWV:
        problems.setdefault("source", []).append(
            "Een inzicht (tekst) voert het samenwerkingsverband zelf in."
        )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def indicator_save(
    *, tenant: Tenant, data: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    """Add an indicator (``indicator`` None) or change one; the norm is checked first."""
    indicator = indicator or Indicator(tenant=tenant)
    for name, value in data.items():
        setattr(indicator, name, value)
    if indicator.source != Source.COMPUTED:
        indicator.calculation = ""
    if indicator.source != Source.SCHOOL:
        indicator.answer_kind = ""
    _validate_indicator(indicator)
    if indicator.pk is None:
        last = Indicator.objects.filter(tenant=tenant, pillar_number=indicator.pillar_number)
        indicator.position = (max(last.values_list("position", flat=True), default=0)) + 1
    indicator.save()
    return indicator


# --- school reports and SWV entries ---------------------------------------------------------

ANSWER_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    AnswerKind.YES_NO: (Decimal(0), Decimal(1), "Kies ja of nee."),
    AnswerKind.NUMBER: (Decimal(0), Decimal(100000), "Vul een aantal van 0 of meer in."),
    AnswerKind.SCORE: (Decimal(1), Decimal(10), "Vul een score van 1 tot en met 10 in."),
    AnswerKind.PERCENT: (Decimal(0), Decimal(100), "Vul een percentage van 0 tot 100 in."),
}
UNIT_ANSWERS = {
    Unit.YES_NO: AnswerKind.YES_NO,
    Unit.COUNT: AnswerKind.NUMBER,
    Unit.SCORE: AnswerKind.SCORE,
    Unit.PERCENT: AnswerKind.PERCENT,
}


NOTE_MAX_LENGTH = 2000


def _check_value(kind: str, value: Decimal | None, field_name: str) -> dict[str, list[str]]:
    low, high, message = ANSWER_RANGES[kind]
    value = None if value is None else Decimal(str(value))
    if value is None or not low <= value <= high:
        return {field_name: [message]}
    if kind in (AnswerKind.YES_NO, AnswerKind.NUMBER) and value != value.to_integral_value():
        return {field_name: [message]}
    if value != value.quantize(Decimal("0.1")):  # scores and percentages: one decimal at most
        return {field_name: [f"{message} Gebruik hooguit één cijfer achter de komma."]}
    return {}


def _check_school_year(school_year: int, today: datetime.date | None = None) -> None:
    current = SchoolYear.from_date(today or timezone.localdate())
    if not 2000 <= school_year <= current.start:
        raise ValidationError(
            f"Kies een schooljaar tot en met {current}; een later jaar kan nog niet."
        )


@transaction.atomic
def school_report_save(
    *,
    tenant: Tenant,
    school: School,
    school_year: int,
    answers: dict[int, tuple[Decimal | None, str]],
    by=None,
    revision: int | None = None,
) -> SchoolReport:
    """Save a school's report for a school year: one answer per school-sourced indicator.

    ``answers`` maps indicator id → (value, note). Every active school indicator needs an
    answer. ``revision`` (of the report being changed) guards against overwriting a colleague.
    """
    _check_school_year(school_year)
    if school.tenant_id != tenant.pk:
        raise ValidationError("Deze school hoort niet bij dit samenwerkingsverband.")
    indicators = list(Indicator.objects.filter(tenant=tenant, source=Source.SCHOOL, is_active=True))
    problems: dict[str, list[str]] = {}
    for indicator in indicators:
        value, note = answers.get(indicator.pk, (None, ""))
        problems |= _check_value(indicator.answer_kind, value, f"indicator_{indicator.pk}")
        if len(note) > NOTE_MAX_LENGTH:
            problems[f"note_{indicator.pk}"] = [
                f"Houd de toelichting korter dan {NOTE_MAX_LENGTH} tekens."
            ]
    if problems:
        raise ValidationError(problems)
    report, created = SchoolReport.objects.select_for_update().get_or_create(
        tenant=tenant, school=school, school_year=school_year, defaults={"submitted_by": by}
    )
    if not created:
        if revision is not None and revision != report.revision:
            raise ValidationError(
                "Iemand anders heeft deze rapportage intussen gewijzigd. Laad de pagina opnieuw."
            )
        report.revision += 1
        report.submitted_by = by
        report.save()
    for indicator in indicators:
        value, note = answers[indicator.pk]
        SchoolAnswer.objects.update_or_create(
            tenant=tenant,
            report=report,
            indicator=indicator,
            defaults={"value": value, "note": note},
        )
    return report


@transaction.atomic
def swv_entries_save(
    *,
    tenant: Tenant,
    school_year: int,
    entries: dict[int, tuple[Decimal | None, str]],
    by=None,
) -> int:
    """Save the SWV's own figures for a school year; empty rows are skipped. Returns the count."""
    _check_school_year(school_year)
    indicators = {
        i.pk: i for i in Indicator.objects.filter(tenant=tenant, source=Source.SWV, is_active=True)
    }
    problems: dict[str, list[str]] = {}
    filled = {pk: e for pk, e in entries.items() if pk in indicators and (e[0] is not None or e[1])}
    for pk, (value, text) in filled.items():
        indicator = indicators[pk]
        if indicator.unit == Unit.TEXT:
            if not text.strip():
                problems[f"indicator_{pk}"] = ["Beschrijf het inzicht in een paar zinnen."]
        else:
            problems |= _check_value(UNIT_ANSWERS[indicator.unit], value, f"indicator_{pk}")
    if problems:
        raise ValidationError(problems)
    for pk, (value, text) in filled.items():
        SwvEntry.objects.update_or_create(
            tenant=tenant,
            indicator=indicators[pk],
            school_year=school_year,
            defaults={"value": value, "text": text, "entered_by": by},
        )
    return len(filled)


# --- computing -----------------------------------------------------------------------------


@dataclass
class ComputeSummary:
    peildatum: datetime.date
    indicators: int = 0
    written: int = 0
    unchanged: int = 0


Progress = Callable[[int, str], None]


def indicators_compute(
    *,
    tenant: Tenant,
    peildatum: datetime.date,
    provisional: bool = False,
    only_due: bool = False,
    job=None,
    progress: Progress | None = None,
    precomputed: dict[str, calculations.Result] | None = None,
) -> ComputeSummary:
    """Compute every active indicator of ``tenant`` on ``peildatum`` and write the snapshots.

    ``provisional``: the state of today, replaced by the next provisional run and never part of
    a trend. ``only_due``: only the indicators whose reporting frequency has this peildatum.
    ``precomputed``: calculation results already at hand (``indicators_compute_all``).
    """
    summary = ComputeSummary(peildatum)
    indicators = list(Indicator.objects.filter(tenant=tenant, is_active=True))
    if only_due:
        settings = monitoring_settings(tenant)
        indicators = [i for i in indicators if is_due(i, peildatum, settings)]
    inputs = _Inputs.load(tenant, peildatum, provisional)
    inputs.computed.update(precomputed or {})
    # The figures first, outside the transaction, so the job's progress is visible as it goes.
    figures = {}
    for number, indicator in enumerate(indicators, start=1):
        figures[indicator.pk] = _figures(indicator, tenant, peildatum, inputs)
        if progress:
            progress(round(90 * number / len(indicators)), f"Berekend: {indicator.text}")
    with transaction.atomic():
        # One writer per tenant at a time: a second waits here, then finds nothing changed.
        _settings_locked(tenant)
        if provisional:
            Measurement.objects.filter(tenant=tenant, provisional=True).exclude(
                peildatum=peildatum
            ).delete()
        inputs.load_snapshots()
        now = timezone.now()
        new: list[Measurement] = []
        for indicator in indicators:
            new += _snapshots(indicator, figures[indicator.pk], inputs, summary, now=now, job=job)
        Measurement.objects.bulk_create(new, batch_size=1000)
        summary.indicators, summary.written = len(indicators), len(new)
    return summary


def indicators_compute_all(
    *, peildatum: datetime.date, provisional: bool = False, only_due: bool = False
) -> dict[str, ComputeSummary]:
    """Every tenant at once (``compute_indicators --alle``): each calculation runs one query over
    all tenants, then each tenant's snapshots are written in its own scope and transaction.
    """
    from django_scopes import scopes_disabled

    from swvportal.tenancy.scoping import tenant_scope

    with scopes_disabled():  # platform-wide: every calculation filters tenant_id IN (…) itself
        tenants = list(Tenant.objects.order_by("code"))
        names = set(
            Indicator.objects.filter(source=Source.COMPUTED, is_active=True).values_list(
                "calculation", flat=True
            )
        )
        ids = [t.pk for t in tenants]
        results = {
            name: calculations.compute_for(name, tenant_ids=ids, on=peildatum) for name in names
        }
    summaries = {}
    for tenant in tenants:
        with tenant_scope(tenant):
            summaries[tenant.code] = indicators_compute(
                tenant=tenant,
                peildatum=peildatum,
                provisional=provisional,
                only_due=only_due,
                precomputed={name: found[tenant.pk] for name, found in results.items()},
            )
    return summaries


@dataclass
class _Inputs:
    """Everything a run reads besides the calculations, each in one query."""

    tenant: Tenant
    peildatum: datetime.date
    provisional: bool
    school_ids: list[int]
    answers: dict[int, dict[int, Decimal | None]]  # indicator → school → value
    entries: dict[int, list[SwvEntry]]  # indicator → entries up to this school year, newest first
    computed: dict[str, calculations.Result] = field(default_factory=dict)
    # Read under the tenant's lock (``load_snapshots``), just before the snapshots are written:
    history: dict[tuple[int, int | None], list[Point]] = field(default_factory=dict)
    latest: dict[tuple[int, int | None], Measurement] = field(default_factory=dict)

    @classmethod
    def load(cls, tenant: Tenant, on: datetime.date, provisional: bool) -> _Inputs:
        year = school_year_of(on)
        answers: dict[int, dict[int, Decimal | None]] = {}
        for indicator_id, school_id, value in SchoolAnswer.objects.filter(
            tenant=tenant, report__school_year=year
        ).values_list("indicator_id", "report__school_id", "value"):
            answers.setdefault(indicator_id, {})[school_id] = value
        entries: dict[int, list[SwvEntry]] = {}
        for entry in SwvEntry.objects.filter(tenant=tenant, school_year__lte=year).order_by(
            "-school_year"
        ):
            entries.setdefault(entry.indicator_id, []).append(entry)
        return cls(
            tenant=tenant,
            peildatum=on,
            provisional=provisional,
            school_ids=list(School.objects.filter(tenant=tenant).values_list("pk", flat=True)),
            answers=answers,
            entries=entries,
        )

    def load_snapshots(self) -> None:
        """Earlier official figures (for trends) and the newest snapshots on this peildatum."""
        self.history = _history(self.tenant, self.peildatum, inclusive=self.provisional)
        self.latest = {
            (m.indicator_id, m.school_id): m
            for m in Measurement.objects.filter(
                tenant=self.tenant, peildatum=self.peildatum, provisional=self.provisional
            ).order_by("computed_at", "pk")
        }


def _history(
    tenant: Tenant, on: datetime.date, *, inclusive: bool
) -> dict[tuple[int, int | None], list[Point]]:
    """Earlier official figures of the trend indicators: the newest snapshot per peildatum."""
    since = datetime.date(on.year - HISTORY_YEARS, 1, 1)
    rows = Measurement.objects.filter(
        tenant=tenant,
        provisional=False,
        indicator__norm_kind=NormKind.TREND,
        peildatum__gte=since,
        **({"peildatum__lte": on} if inclusive else {"peildatum__lt": on}),
    ).order_by("peildatum", "computed_at", "pk")
    newest: dict[tuple[int, int | None, datetime.date], Point] = {}
    for m in rows.values("indicator_id", "school_id", "peildatum", "value"):
        key = (m["indicator_id"], m["school_id"], m["peildatum"])
        newest[key] = Point(m["peildatum"], m["value"])
    history: dict[tuple[int, int | None], list[Point]] = {}
    for (indicator_id, school_id, _), point in newest.items():
        history.setdefault((indicator_id, school_id), []).append(point)
    return history


def _figures(
    indicator: Indicator, tenant: Tenant, on: datetime.date, inputs: _Inputs
) -> dict[int | None, Figure]:
    """The tenant's figure (key None) and, where it means something, each school's."""
    if indicator.source == Source.COMPUTED:
        # Two indicators may share a calculation (thuiszitters): compute it once per run.
        if indicator.calculation not in inputs.computed:
            inputs.computed[indicator.calculation] = calculations.compute(
                indicator.calculation, tenant=tenant, on=on
            )
        result = inputs.computed[indicator.calculation]
        return {None: result.tenant, **result.per_school}
    if indicator.source == Source.SCHOOL:
        return school_rollup(indicator, inputs.answers.get(indicator.pk, {}), inputs.school_ids)
    return {None: swv_figure(indicator, inputs.entries.get(indicator.pk, []), on)}


def school_rollup(
    indicator: Indicator, answers: dict[int, Decimal | None], school_ids: list[int]
) -> dict[int | None, Figure]:
    """The tenant's figure from the schools' answers, by what the schools answer.

    ja/nee: the percentage of reporting schools that said ja; aantal: the sum; score and
    percentage: the mean. Schools that did not report do not count in the figure; how many
    reported and how many did not is in the details (and on the dashboard).
    """
    given = {s: v for s, v in answers.items() if v is not None and s in school_ids}
    details = {"gerapporteerd": len(given), "verwacht": len(school_ids)}
    details["ontbreekt"] = details["verwacht"] - details["gerapporteerd"]
    yes_no = indicator.answer_kind == AnswerKind.YES_NO
    # A school's own figure is on the tenant's scale: its "ja" is 100% of itself.
    figures: dict[int | None, Figure] = {
        s: Figure(calculations.percentage(int(v >= 1), 1) if yes_no else v, 1)
        for s, v in sorted(given.items())
    }
    if not given:
        figures[None] = Figure(None, 0, details)
        return figures
    values = list(given.values())
    if yes_no:
        yes = sum(1 for v in values if v >= 1)
        details["ja"] = yes
        value = calculations.percentage(yes, len(values))
    elif indicator.answer_kind == AnswerKind.NUMBER:
        value = sum(values, Decimal(0))
    else:
        value = calculations.round_one(sum(values, Decimal(0)) / len(values))
    figures[None] = Figure(value, len(values), details)
    return figures


# How many school years back an SWV entry still stands for a later peildatum.
ENTRY_VALID_YEARS = {Frequency.ONCE: 100, Frequency.BIENNIAL: 1}


def swv_figure(indicator: Indicator, entries: list[SwvEntry], on: datetime.date) -> Figure:
    """The SWV's entry for the peildatum's school year (a one-off or two-yearly one lasts)."""
    year = school_year_of(on)
    valid = ENTRY_VALID_YEARS.get(indicator.frequency, 0)
    for entry in entries:  # newest first
        if year - valid <= entry.school_year <= year:
            return Figure(
                entry.value,
                1,
                {"schooljaar": school_year_label(entry.school_year)},
                text=entry.text,
            )
    return Figure(None, 0)


def _snapshots(
    indicator: Indicator,
    figures: dict[int | None, Figure],
    inputs: _Inputs,
    summary: ComputeSummary,
    *,
    now: datetime.datetime,
    job,
) -> list[Measurement]:
    """New snapshots for the figures that differ from the newest one on this peildatum."""
    norm: Norm = indicator.norm
    # A school that had a figure before but has none now gets an explicit "geen gegevens".
    for (indicator_id, school_id), _ in inputs.latest.items():
        if indicator_id == indicator.pk and school_id not in figures:
            figures[school_id] = Figure(None, 0)
    new = []
    for school_id, figure in figures.items():
        point = Point(inputs.peildatum, figure.value, figure.text)
        earlier = inputs.history.get((indicator.pk, school_id), [])
        earlier = [p for p in earlier if p.on != inputs.peildatum]
        snapshot = Measurement(
            tenant=inputs.tenant,
            indicator=indicator,
            peildatum=inputs.peildatum,
            school_id=school_id,
            provisional=inputs.provisional,
            value=figure.value,
            text=figure.text,
            records=figure.records,
            details=figure.details,
            status=evaluate(norm, [*earlier, point]).value,
            computed_at=now,
            job=job,
        )
        previous = inputs.latest.get((indicator.pk, school_id))
        if previous is not None and previous.same_figure(snapshot):
            summary.unchanged += 1
            continue
        new.append(snapshot)
    return new
