"""The monitoring dashboard's data (domain.md §8, the seed's Bijlage 4).

* ``Indicator``: one row of the tenant's catalogue: pijler and ontwikkeldoel (by their uid, which
  is stable across plan versions), the kernindicator, its norm, how often it is reported and
  where its figure comes from (a named calculation, the schools' reports or an SWV entry).
* ``SchoolReport`` + ``SchoolAnswer``: once per school year, a school's answers to the
  indicators whose source is the school.
* ``SwvEntry``: the bestuurder's figure for an SWV-level indicator in a school year.
* ``Measurement``: a dated snapshot of an indicator on a peildatum, for the tenant (``school``
  empty) or for one school. Snapshots are never updated: a recomputation that changes a figure
  adds a row, so the earlier figure stays in the history (see ``services.snapshot_write``).
"""

from __future__ import annotations

import datetime
import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.text import Truncator

from swvportal.core.calculations import CALCULATIONS
from swvportal.core.schoolyear import school_year_label
from swvportal.tenancy.models import School, TenantOwned

from .norms import Norm, NormKind, Status


class Source(models.TextChoices):
    COMPUTED = "berekend", "Berekend uit registraties"
    SCHOOL = "school", "Gerapporteerd door scholen"
    SWV = "swv", "Ingevoerd door het samenwerkingsverband"


class Frequency(models.TextChoices):
    YEARLY = "jaarlijks", "Jaarlijks"
    TWICE = "2x per jaar", "2x per jaar"
    BIENNIAL = "tweejaarlijks", "Tweejaarlijks"
    ONCE = "eenmalig", "Eenmalig"


class Unit(models.TextChoices):
    PERCENT = "%", "Percentage"
    COUNT = "aantal", "Aantal"
    YES_NO = "ja/nee", "Ja of nee"
    SCORE = "score", "Score (1–10)"
    TEXT = "tekst", "Tekst"


class AnswerKind(models.TextChoices):
    """What a school answers, and so how the tenant's figure is derived from the answers."""

    YES_NO = "ja/nee", "Ja of nee (het cijfer is het percentage scholen met 'ja')"
    NUMBER = "aantal", "Een aantal (het cijfer is de som over de scholen)"
    SCORE = "score", "Een score van 1 tot 10 (het cijfer is het gemiddelde)"
    PERCENT = "%", "Een percentage (het cijfer is het gemiddelde)"


class Indicator(TenantOwned):
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField("volgorde", default=0)
    pillar_number = models.PositiveSmallIntegerField("pijler")
    pillar_uid = models.UUIDField("pijler (uid)", null=True, blank=True)
    goal_uid = models.UUIDField("ontwikkeldoel (uid)", null=True, blank=True)
    group = models.CharField("onderwerp", max_length=200, blank=True)
    text = models.CharField("kernindicator", max_length=300)
    norm_text = models.CharField("norm zoals in het plan", max_length=200)
    norm_kind = models.CharField("soort norm", max_length=12, choices=[(k, k) for k in NormKind])
    norm_minimum = models.DecimalField(
        "minimum", max_digits=9, decimal_places=2, null=True, blank=True
    )
    norm_maximum = models.DecimalField(
        "maximum", max_digits=9, decimal_places=2, null=True, blank=True
    )
    norm_direction = models.CharField(
        "richting",
        max_length=10,
        blank=True,
        choices=[("dalend", "Dalend"), ("stijgend", "Stijgend")],
    )
    norm_target_year = models.PositiveSmallIntegerField(
        "vanaf schooljaar",
        null=True,
        blank=True,
        help_text="Het eerste jaar van het schooljaar: 2027 staat voor 2027-2028.",
    )
    frequency = models.CharField("rapportage", max_length=15, choices=Frequency.choices)
    source = models.CharField("bron", max_length=10, choices=Source.choices)
    calculation = models.CharField(
        "berekening",
        max_length=60,
        blank=True,
        help_text="Alleen bij de bron 'berekend': de naam van de berekening.",
    )
    answer_kind = models.CharField(
        "antwoord van de school", max_length=10, choices=AnswerKind.choices, blank=True
    )
    unit = models.CharField("eenheid", max_length=10, choices=Unit.choices)
    note = models.TextField("toelichting", blank=True)
    is_active = models.BooleanField("actief", default=True)
    in_plan = models.BooleanField(
        "in Bijlage 4 van het ondersteuningsplan",
        default=True,
        help_text="Uit: alleen op het dashboard (een eigen indicator, geen norm uit het plan).",
    )

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        ordering = ["pillar_number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "uid"], name="indicator_unique_uid"),
        ]
        indexes = [models.Index(fields=["tenant", "pillar_number"], name="indicator_pillar")]

    def __str__(self) -> str:
        return self.text

    @property
    def norm(self) -> Norm:
        return Norm(
            kind=NormKind(self.norm_kind),
            minimum=self.norm_minimum,
            maximum=self.norm_maximum,
            direction=self.norm_direction or None,
            target_year=self.norm_target_year,
        )

    @property
    def counts_pupils(self) -> bool:
        """Its figures come from pupil records: small counts are suppressed for toezicht. A
        calculation over meetings or documents (``about_pupils=False``) does not."""
        if self.source != Source.COMPUTED:
            return False
        found = CALCULATIONS.get(self.calculation)
        return found is None or found.about_pupils


class SchoolReport(TenantOwned):
    """A school's yearly report on the indicators whose source is the school."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    school_year = models.PositiveSmallIntegerField("schooljaar")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ingevuld door",
    )
    submitted_at = models.DateTimeField("ingevuld op", auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "schoolrapportage"
        verbose_name_plural = "schoolrapportages"
        ordering = ["-school_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                name="school_report_once_a_year",
                violation_error_message="Deze school heeft voor dit schooljaar al gerapporteerd.",
            )
        ]
        indexes = [models.Index(fields=["tenant", "school_year"], name="school_report_year")]

    def __str__(self) -> str:
        return f"Rapportage {school_year_label(self.school_year)}"

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "school_id": self.school_id}


class SchoolAnswer(TenantOwned):
    report = models.ForeignKey(
        SchoolReport, on_delete=models.CASCADE, related_name="answers", verbose_name="rapportage"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="indicator"
    )
    value = models.DecimalField("antwoord", max_digits=9, decimal_places=2, null=True)
    note = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "antwoord van een school"
        verbose_name_plural = "antwoorden van scholen"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="school_answer_once")
        ]
        indexes = [models.Index(fields=["tenant", "indicator"], name="school_answer_indicator")]

    def __str__(self) -> str:
        return f"Antwoord op: {Truncator(self.indicator).chars(80)}"


class SwvEntry(TenantOwned):
    """The SWV's own figure (or, for *inzicht*, text) for an indicator in a school year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="entries", verbose_name="indicator"
    )
    school_year = models.PositiveSmallIntegerField("schooljaar")
    value = models.DecimalField("waarde", max_digits=9, decimal_places=2, null=True, blank=True)
    text = models.TextField("toelichting of inzicht", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ingevoerd door",
    )
    entered_at = models.DateTimeField("ingevoerd op", auto_now=True)

    class Meta:
        verbose_name = "invoer van het samenwerkingsverband"
        verbose_name_plural = "invoer van het samenwerkingsverband"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "school_year"],
                name="swv_entry_once_a_year",
                violation_error_message="Voor dit schooljaar is al een waarde ingevoerd.",
            )
        ]

    def __str__(self) -> str:
        return (
            f"Invoer {school_year_label(self.school_year)}: {Truncator(self.indicator).chars(80)}"
        )


def peildata_label(days: object) -> str:
    """(month, day) pairs as Dutch dates without a year: "1 oktober en 1 maart"."""
    from django.utils import formats, translation

    try:
        dates = [datetime.date(2000, int(month), int(day)) for month, day in days]
    except (TypeError, ValueError):  # not a list of pairs: show it as it was stored
        return str(days)
    with translation.override("nl"):
        labels = [formats.date_format(d, "j F") for d in dates]
    return " en ".join(labels) or "(leeg)"


class MonitoringSettings(TenantOwned):
    """The tenant's peildata (domain.md: tenant setting), as (month, day) pairs."""

    peildata_twice = models.JSONField(
        "peildata bij 2x per jaar", default=list, help_text="Bijvoorbeeld [[10, 1], [3, 1]]."
    )
    peildata_yearly = models.JSONField("peildatum bij jaarlijks", default=list)

    # The logboek shows "1 oktober en 1 maart", not the stored [[10, 1], [3, 1]].
    audit_formats = {"peildata_twice": peildata_label, "peildata_yearly": peildata_label}

    class Meta:
        verbose_name = "instellingen voor de monitoring"
        verbose_name_plural = "instellingen voor de monitoring"
        constraints = [models.UniqueConstraint(fields=["tenant"], name="monitoring_settings_once")]

    def __str__(self) -> str:
        return "Peildata van de monitoring"


DEFAULT_PEILDATA_TWICE = [[10, 1], [3, 1]]
DEFAULT_PEILDATA_YEARLY = [[10, 1]]


class Measurement(TenantOwned):
    """A snapshot: never updated. The newest row per (indicator, peildatum, school) counts."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name="indicator"
    )
    peildatum = models.DateField("peildatum")
    # Empty: the tenant's figure. Set: one school's part of it.
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="school",
    )
    # A provisional figure is "the state of today", recomputed nightly and replaced; figures on
    # a peildatum are official and stay in the history.
    provisional = models.BooleanField("voorlopig (stand van vandaag)", default=False)
    value = models.DecimalField("waarde", max_digits=12, decimal_places=2, null=True)
    text = models.TextField("tekst", blank=True)
    records = models.PositiveIntegerField("aantal records erachter", default=0)
    details = models.JSONField("uitsplitsing", default=dict, blank=True)
    status = models.CharField("status", max_length=15, choices=[(s.value, s.value) for s in Status])
    computed_at = models.DateTimeField("berekend op")
    job = models.ForeignKey(
        "jobs.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="achtergrondtaak",
    )

    class Meta:
        verbose_name = "meting"
        verbose_name_plural = "metingen"
        ordering = ["peildatum", "computed_at", "pk"]
        indexes = [
            models.Index(
                fields=["tenant", "indicator", "peildatum", "computed_at"],
                name="measurement_history",
            ),
            models.Index(fields=["tenant", "peildatum"], name="measurement_peildatum"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} op {self.peildatum:%d-%m-%Y}"

    def same_figure(self, other: Measurement) -> bool:
        return (
            self.value == other.value
            and self.text == other.text
            and self.records == other.records
            and self.status == other.status
            and self.details == other.details
        )


for _model in (Indicator, SchoolReport, SchoolAnswer, SwvEntry, MonitoringSettings):
    auditlog.register(_model)
