"""Bijeenkomsten (domain.md §4): the recurring meetings of the jaarplan's *overzicht van
bijeenkomsten*, with how many are planned a year and the dates they were planned and held.

A series may count for a Bijlage 4 row (``indicator``): "Aantal bijeenkomsten per netwerk" is
computed from the held meetings of the network series, "Aantal structurele overleggen" from
those with Berséba (``plans/calculations.py``).
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.db import models

from swvportal.tenancy.models import TenantOwned


class SeriesIndicator(models.TextChoices):
    NONE = "", "Geen"
    NETWORK = "netwerk", "Netwerkgroep (Aantal bijeenkomsten per netwerk)"
    BERSEBA = "berseba", "Structureel overleg met Berséba (Aantal structurele overleggen)"


class MeetingSeries(TenantOwned):
    name = models.CharField("naam", max_length=200)
    group = models.CharField(
        "voor wie", max_length=200, blank=True, help_text="Bijvoorbeeld: zorgcoördinatoren VO."
    )
    planned_per_year = models.PositiveSmallIntegerField("aantal per jaar (gepland)", default=1)
    indicator = models.CharField(
        "telt mee voor",
        max_length=10,
        choices=SeriesIndicator.choices,
        blank=True,
        default=SeriesIndicator.NONE,
    )
    note = models.TextField("toelichting", blank=True)
    position = models.PositiveSmallIntegerField("volgorde", default=0)
    is_active = models.BooleanField("actief", default=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "reeks bijeenkomsten"
        verbose_name_plural = "reeksen bijeenkomsten"
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="meeting_series_unique_name",
                violation_error_message="Er is al een reeks bijeenkomsten met deze naam.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(TenantOwned):
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.CASCADE, related_name="meetings", verbose_name="reeks"
    )
    school_year = models.PositiveSmallIntegerField("schooljaar")
    planned_on = models.DateField("gepland op", null=True, blank=True)
    held_on = models.DateField("gehouden op", null=True, blank=True)
    theme = models.CharField("thema", max_length=300, blank=True)
    report = models.TextField("kort verslag", blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "bijeenkomst"
        verbose_name_plural = "bijeenkomsten"
        ordering = ["school_year", "planned_on", "held_on", "pk"]
        indexes = [
            models.Index(fields=["tenant", "school_year"], name="meeting_year"),
            models.Index(fields=["tenant", "held_on"], name="meeting_held"),
        ]

    def __str__(self) -> str:
        day = self.held_on or self.planned_on
        return f"{self.series_id}: {day or 'nog te plannen'}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


for _model in (MeetingSeries, Meeting):
    auditlog.register(_model, exclude_fields=["revision"])
