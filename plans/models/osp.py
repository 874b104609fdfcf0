"""The ondersteuningsplan (OSP): one ``Plan`` row per version, with its chapters, strategische
opgaven, abbreviations and approval trail. The pijlers, doelen and stappen live in ``pillars``.

Every part of a plan is a ``PlanItem``: it knows its plan (for the read-only rule), its position
(numbers and letters follow from it), a ``uid`` that stays the same when a new version copies it
(so versions can be compared), and a ``revision`` that detects two people editing at once.
"""

from __future__ import annotations

import datetime
import uuid

from auditlog.registry import auditlog
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.functional import cached_property

from swvportal.core.schoolyear import SchoolYear, school_year_label
from swvportal.core.versioning import (
    ApprovalBody,
    ApprovalKind,
    ApprovalOutcome,
    ApprovalStepBase,
    Versioned,
    VersionPart,
)
from swvportal.tenancy.models import TenantOwned

# Kept importable from here: the choices and the label moved to swvportal.core.
__all__ = ["ApprovalBody", "ApprovalKind", "ApprovalOutcome", "school_year_label"]


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    CONSULTATION = "ter_consultatie", "Ter consultatie"
    ADOPTED = "vastgesteld", "Vastgesteld"
    SENT = "verzonden", "Verzonden aan inspectie"


ADOPTED_STATUSES = (PlanStatus.ADOPTED, PlanStatus.SENT)
PERIOD_YEARS = 4


class Plan(TenantOwned, Versioned):
    """One version of a tenant's ondersteuningsplan. Versions of one plan share a ``lineage``
    (``swvportal.core.versioning``)."""

    lineage = models.UUIDField("plan", default=uuid.uuid4, db_index=True)
    title = models.CharField("titel", max_length=200)
    motto = models.CharField("motto", max_length=300, blank=True)
    period_start = models.PositiveSmallIntegerField(
        "eerste schooljaar", help_text="Het beginjaar van het eerste schooljaar, bijv. 2026."
    )
    status = models.CharField(
        "status", max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    adopted_on = models.DateField("vastgesteld op", null=True, blank=True)
    sent_on = models.DateField("verzonden aan inspectie op", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    # The PDFs of this version (the archived one and those of its concept days): the plan holds
    # the link, the documents app knows no plan. ``IssuedDocument.objects.filter(plan=…)``.
    issued_documents = GenericRelation(
        "documents.IssuedDocument",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="plan",
    )

    class Meta:
        verbose_name = "ondersteuningsplan"
        verbose_name_plural = "ondersteuningsplannen"
        ordering = ["-period_start", "-version_major", "-version_minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "lineage", "version_major", "version_minor"],
                name="plan_unique_version",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status"], name="plan_tenant_status")]

    # What a new version carries over; parts are copied by plans.services.plan_new_version.
    version_carry = ("tenant", "title", "motto", "period_start")

    def __str__(self) -> str:
        return f"{self.title} (versie {self.version})"

    @property
    def period(self) -> list[SchoolYear]:
        first = SchoolYear(self.period_start)
        return list(SchoolYear.span(first, first + (PERIOD_YEARS - 1)))

    @property
    def school_years(self) -> list[int]:
        """The period's school years by their first calendar year, as they are stored."""
        return [year.start for year in self.period]

    @property
    def period_label(self) -> str:
        return f"{self.period_start}–{self.period_start + PERIOD_YEARS}"

    @property
    def is_adopted(self) -> bool:
        return self.status in ADOPTED_STATUSES

    @property
    def is_editable(self) -> bool:
        return not self.is_adopted

    @cached_property
    def inspectie_deadline(self) -> datetime.date:
        """Sent to the Inspectie before 1 May before the plan's first school year."""
        return datetime.date(self.period_start, 5, 1)

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "plan_id": self.pk}


class PlanItem(VersionPart):
    """A part of one plan version."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="+", verbose_name="ondersteuningsplan"
    )

    class Meta(VersionPart.Meta):
        abstract = True

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "plan_id": self.plan_id}


class Chapter(PlanItem):
    """A chapter of text. Stored as Markdown; rendered to HTML and sanitised on output."""

    title = models.CharField("titel", max_length=200)
    numbered = models.BooleanField(
        "genummerd",
        default=True,
        help_text="Genummerde hoofdstukken heten 'Hoofdstuk 1', 'Hoofdstuk 2', enz. Zet dit uit "
        "voor bijvoorbeeld de managementsamenvatting en de inleiding.",
    )
    body = models.TextField("tekst", blank=True, help_text="Opmaak met Markdown.")

    class Meta(PlanItem.Meta):
        verbose_name = "hoofdstuk"
        verbose_name_plural = "hoofdstukken"
        indexes = [models.Index(fields=["tenant", "plan", "position"], name="chapter_plan_pos")]

    def __str__(self) -> str:
        return self.title


class StrategicTask(PlanItem):
    """One of the plan's strategische opgaven (a short list above the pijlers)."""

    text = models.TextField("opgave")

    class Meta(PlanItem.Meta):
        verbose_name = "strategische opgave"
        verbose_name_plural = "strategische opgaven"
        indexes = [models.Index(fields=["tenant", "plan", "position"], name="task_plan_pos")]

    def __str__(self) -> str:
        return self.text[:80]


class Abbreviation(PlanItem):
    """An entry of the abbreviation list. Kept in entry order (exports do not depend on the
    database's collation); pages show it alphabetically."""

    abbreviation = models.CharField("afkorting", max_length=40)
    meaning = models.CharField("betekenis", max_length=300)

    class Meta:
        verbose_name = "afkorting"
        verbose_name_plural = "afkortingen"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "abbreviation"],
                name="abbreviation_unique",
                violation_error_message="Deze afkorting staat al in de lijst van dit plan.",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "plan"], name="abbreviation_plan")]

    def __str__(self) -> str:
        return f"{self.abbreviation}: {self.meaning}"


class ApprovalStep(PlanItem, ApprovalStepBase):
    """One step of a plan version's approval trail (``swvportal.core.versioning``: each version
    its own trail; the OPR's instemming is the consent adoption requires)."""

    version_link = "plan"

    class Meta:
        verbose_name = "stap in het goedkeuringstraject"
        verbose_name_plural = "goedkeuringstraject"
        ordering = ["date", "position", "pk"]
        indexes = [models.Index(fields=["tenant", "plan", "date"], name="approval_plan_date")]


for _model in (Plan, Chapter, StrategicTask, Abbreviation, ApprovalStep):
    auditlog.register(_model, exclude_fields=["revision", "updated_at", "uid"])
