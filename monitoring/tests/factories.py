"""Small builders for the monitoring tests: indicators of each kind, thuiszitters, SWV entries,
and the reads the tests compare (every snapshot of a tenant, the newest snapshot of a figure).

Records are made with the ORM (like ``test_calculations``): the tests need dates around a fixed
peildatum and school years the services refuse (after the current one).
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django_scopes import scope, scopes_disabled

from monitoring.models import (
    AnswerKind,
    Frequency,
    Indicator,
    Measurement,
    SchoolAnswer,
    SchoolReport,
    Source,
    SwvEntry,
    Unit,
)
from monitoring.norms import NormKind
from monitoring.services import ComputeSummary, indicators_compute
from referrals.models import AbsenceKind, AbsenceRegistration, Pupil
from swvportal.tenancy.models import School, Tenant

P = datetime.date(2025, 10, 1)  # a peildatum in school year 2025-2026
_numbers = itertools.count(1)

# Indicator fields by kind: where the figure comes from, its unit and its norm.
THUIS = dict(
    source=Source.COMPUTED,
    calculation="thuiszitters",
    unit=Unit.COUNT,
    norm_kind=NormKind.TREND,
    norm_direction="dalend",
    frequency=Frequency.TWICE,
)
YES = dict(
    source=Source.SCHOOL,
    answer_kind=AnswerKind.YES_NO,
    unit=Unit.PERCENT,
    norm_kind=NormKind.PERCENTAGE,
    norm_minimum=Decimal(100),
    norm_target_year=2027,
)
SCORE = dict(
    source=Source.SCHOOL,
    answer_kind=AnswerKind.SCORE,
    unit=Unit.SCORE,
    norm_kind=NormKind.SCORE,
    norm_minimum=Decimal(7),
)
COUNT = dict(
    source=Source.SCHOOL,
    answer_kind=AnswerKind.NUMBER,
    unit=Unit.COUNT,
    norm_kind=NormKind.COUNT,
    norm_minimum=Decimal(2),
)
PERCENT = {**YES, "answer_kind": AnswerKind.PERCENT, "norm_minimum": Decimal(80)}
SWV_COUNT = {**COUNT, "source": Source.SWV, "answer_kind": ""}
SWV_TREND = {**SWV_COUNT, "norm_kind": NormKind.TREND, "norm_direction": "dalend"}
SWV_PERCENT = {**YES, "source": Source.SWV, "answer_kind": ""}
INSIGHT = dict(
    source=Source.SWV, unit=Unit.TEXT, norm_kind=NormKind.INSIGHT, frequency=Frequency.ONCE
)


def make(tenant: Tenant, text: str, **fields: Any) -> Indicator:
    data = {"pillar_number": 1, "norm_text": "Norm", "frequency": Frequency.YEARLY, **fields}
    with scopes_disabled():
        return Indicator.objects.create(tenant=tenant, text=text, **data)


def thuiszitter(school: School, start: datetime.date = P - datetime.timedelta(days=10)) -> None:
    """An absolute absence, open on P: one thuiszitter (one pupil per record)."""
    with scopes_disabled():
        pupil = Pupil.objects.create(
            tenant=school.tenant, school=school, pupil_number=f"S-{next(_numbers)}", birth_year=2011
        )
        AbsenceRegistration.objects.create(
            tenant=school.tenant,
            school=school,
            pupil=pupil,
            kind=AbsenceKind.ABSOLUTE,
            start_date=start,
            reason_category="psychisch",
            partners=["leerplicht"],
            plan="Gefaseerde terugkeer.",
            last_contact_date=start,
        )


def adopted_plan(tenant: Tenant, period_start: int):
    """An adopted plan whose school years bound which peildata may be computed by hand."""
    from plans.models import Plan

    with scopes_disabled():
        return Plan.objects.create(
            tenant=tenant,
            title="Ondersteuningsplan",
            period_start=period_start,
            status="vastgesteld",
        )


def entry(indicator: Indicator, year: int, value: int | None, text: str = "") -> None:
    """The SWV's entry for a school year (any year: the service refuses later ones)."""
    with scopes_disabled():
        SwvEntry.objects.update_or_create(
            tenant_id=indicator.tenant_id,
            indicator=indicator,
            school_year=year,
            defaults={"value": None if value is None else Decimal(value), "text": text},
        )


def compute(tenant: Tenant, on: datetime.date = P, **options: Any) -> ComputeSummary:
    with scope(tenant=tenant):
        return indicators_compute(tenant=tenant, peildatum=on, **options)


def rows(tenant: Tenant, **filters: Any) -> list[dict[str, Any]]:
    """Every snapshot of the tenant (matching ``filters``), in the order they were written."""
    with scopes_disabled():
        return list(Measurement.objects.filter(tenant=tenant, **filters).order_by("pk").values())


def newest(
    indicator: Indicator, school: School | None = None, on: datetime.date = P
) -> Measurement | None:
    """The snapshot that counts: the newest of (indicator, school, peildatum)."""
    with scopes_disabled():
        found = Measurement.objects.filter(indicator=indicator, school=school, peildatum=on)
        return found.order_by("computed_at", "pk").last()


def tenant_data(tenant: Tenant) -> dict[str, list[dict[str, Any]]]:
    """Every monitoring row of the tenant: to show a run left them exactly as they were."""
    with scopes_disabled():
        return {
            model.__name__: list(model.objects.filter(tenant=tenant).order_by("pk").values())
            for model in (Indicator, Measurement, SchoolReport, SchoolAnswer, SwvEntry)
        }
