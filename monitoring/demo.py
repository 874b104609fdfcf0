"""The demo tenant's dashboard: RefSVO's Bijlage 4 catalogue, a few years of school reports and
SWV entries (fictitious figures), and the snapshots computed on every past peildatum.
"""

from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from plans.selectors import current_plan
from swvportal.tenancy.models import School, Tenant

from .models import AnswerKind, Frequency, Indicator, Measurement, SchoolReport, Unit
from .norms import NormKind, school_year_of
from .services import catalogue_load, indicators_compute, school_report_save, swv_entries_save

CATALOGUE = Path(settings.BASE_DIR) / "fixtures" / "refsvo_bijlage4.json"
# The Loket's own figures (issue 13): computed, beside Bijlage 4's rows.
LOKET_CATALOGUE = Path(settings.BASE_DIR) / "fixtures" / "refsvo_loket_indicators.json"
SEED = 20262030
REPORT_YEARS = 3  # school years with school reports and SWV entries, up to the current one
# In the current school year a few schools have not reported yet: the dashboard shows that.
LATE_SCHOOLS = 3


def seed_monitoring(tenant: Tenant) -> dict[str, int]:
    """Runs inside the tenant's scope. Idempotent: a tenant with measurements is left alone."""
    plan = current_plan(tenant=tenant)
    for path in (CATALOGUE, LOKET_CATALOGUE):
        document = json.loads(path.read_text(encoding="utf-8"))
        catalogue_load(tenant=tenant, document=document, plan=plan)
    if not Measurement.objects.filter(tenant=tenant).exists():
        _Seeder(tenant).run()
    return {
        "indicators": Indicator.objects.filter(tenant=tenant).count(),
        "measurements": Measurement.objects.filter(tenant=tenant).count(),
        "reports": SchoolReport.objects.filter(tenant=tenant).count(),
    }


def past_peildata(today: datetime.date, years: int) -> list[datetime.date]:
    """1 October and 1 March of the last ``years`` school years, oldest first, up to today."""
    first = school_year_of(today) - years + 1
    days = []
    for year in range(first, school_year_of(today) + 1):
        days += [datetime.date(year, 10, 1), datetime.date(year + 1, 3, 1)]
    return [d for d in days if d <= today]


class _Seeder:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.current = school_year_of(self.today)
        self.schools = list(School.objects.filter(tenant=tenant).order_by("brin"))
        self.indicators = list(Indicator.objects.filter(tenant=tenant, is_active=True))

    def run(self) -> None:
        for offset, year in enumerate(range(self.current - REPORT_YEARS + 1, self.current + 1)):
            progress = offset / max(REPORT_YEARS - 1, 1)  # 0 → 1: things improve over the years
            self.school_reports(year, progress)
            self.swv_entries(year, progress)
        for day in past_peildata(self.today, REPORT_YEARS):
            indicators_compute(tenant=self.tenant, peildatum=day, only_due=True)
        indicators_compute(tenant=self.tenant, peildatum=self.today, provisional=True)

    def school_reports(self, year: int, progress: float) -> None:
        school_indicators = [i for i in self.indicators if i.source == "school"]
        schools = self.schools[:-LATE_SCHOOLS] if year == self.current else self.schools
        for school in schools:
            answers = {i.pk: (self.school_answer(i, progress), "") for i in school_indicators}
            school_report_save(tenant=self.tenant, school=school, school_year=year, answers=answers)

    def school_answer(self, indicator: Indicator, progress: float) -> Decimal:
        rng = self.rng
        if indicator.answer_kind == AnswerKind.YES_NO:
            return Decimal(1 if rng.random() < 0.45 + 0.45 * progress else 0)
        if indicator.answer_kind == AnswerKind.NUMBER:
            return Decimal(rng.randint(0, 1 + round(3 * progress)))
        if indicator.answer_kind == AnswerKind.SCORE:
            return Decimal(str(round(rng.uniform(6.0, 7.2 + progress), 1)))
        return Decimal(rng.randint(65 + round(15 * progress), 95))

    def swv_entries(self, year: int, progress: float) -> None:
        entries = {}
        for indicator in (i for i in self.indicators if i.source == "swv"):
            if indicator.frequency == Frequency.BIENNIAL and (self.current - year) % 2:
                continue
            entries[indicator.pk] = self.swv_value(indicator, year, progress)
        swv_entries_save(tenant=self.tenant, school_year=year, entries=entries)

    def swv_value(self, indicator: Indicator, year: int, progress: float):
        rng = self.rng
        if indicator.unit == Unit.TEXT:
            return None, INSIGHTS[year % len(INSIGHTS)]
        if indicator.norm_kind == NormKind.MILESTONE:
            # Reached from the target year on, sometimes a year early.
            target = indicator.norm_target_year or self.current
            return Decimal(1 if year >= target - rng.randint(0, 1) else 0), ""
        if indicator.norm_kind == NormKind.TREND:
            base = rng.randint(8, 14) if indicator.norm_direction == "stijgend" else 30
            step = 3 if indicator.norm_direction == "stijgend" else -3
            return Decimal(base + step * round(progress * (REPORT_YEARS - 1))), ""
        if indicator.unit == Unit.SCORE:
            return Decimal(str(round(rng.uniform(6.4, 7.0 + progress), 1))), ""
        if indicator.unit == Unit.PERCENT:
            return Decimal(rng.randint(80, 100)), ""
        low = int(indicator.norm_minimum or 1)
        return Decimal(max(0, low - 1 + round(2 * progress))), ""


INSIGHTS = [
    "Drie netwerkgroepen deelden hun werkwijze in een bijeenkomst voor alle scholen; twee "
    "producten staan op de website.",
    "De opbrengsten zijn gebundeld in een korte handreiking; scholen gebruiken die bij de "
    "ondersteuningsroute.",
    "Ouders noemden vooral de wachttijd bij jeugdhulp; dat is met de gemeenten besproken.",
]
