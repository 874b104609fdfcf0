"""The jaarplan (domain.md §4): one per school year, derived from the adopted OSP.

* ``Jaarplan``: one version of a tenant's jaarplan for a school year (``Versioned``: versions of
  one school year share a ``lineage``). Status concept → vastgesteld → geëvalueerd.
* ``Improvement`` (*verbeterpunt*): a step of an ontwikkeldoel that applies in that year, or an
  item that belongs to no doel ("Aanvullend (beleidsmatig)"). It keeps the doel's and step's
  ``uid`` (stable across plan versions) and a copy of their numbers and texts as they were when
  the jaarplan was made, so a later OSP version never changes an issued jaarplan silently.
* ``Activity``: beoogd resultaat, wat, wie, wanneer gereed, status; with a progress history
  (``ActivityNote``) and, at year end, an evaluation.
* ``JaarplanApproval``: the approval trail of one version (``ApprovalStepBase``, as the plan's).
* ``JaarplanSettings``: which approvals the tenant requires before the bestuurder adopts.
* ``DigestPreference``: a member's opt-out of the weekly e-mail about their activities.
"""

from __future__ import annotations

import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from swvportal.core.schoolyear import SchoolYear
from swvportal.core.versioning import ApprovalBody, ApprovalStepBase, Versioned
from swvportal.tenancy.models import TenantOwned

from .osp import Plan, VersionPart


class JaarplanStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    ADOPTED = "vastgesteld", "Vastgesteld"
    EVALUATED = "geevalueerd", "Geëvalueerd"


class Jaarplan(TenantOwned, Versioned):
    school_year = models.PositiveSmallIntegerField(
        "schooljaar", help_text="Beginjaar van het schooljaar: 2026 staat voor 2026-2027."
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ondersteuningsplan",
        help_text="De versie van het ondersteuningsplan waaruit dit jaarplan is afgeleid.",
    )
    status = models.CharField(
        "status", max_length=12, choices=JaarplanStatus.choices, default=JaarplanStatus.CONCEPT
    )
    adopted_on = models.DateField("vastgesteld op", null=True, blank=True)
    evaluated_on = models.DateField("geëvalueerd op", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    issued_documents = GenericRelation(
        "documents.IssuedDocument",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="jaarplan",
    )

    version_carry = ("tenant", "school_year", "plan")

    class Meta:
        verbose_name = "jaarplan"
        verbose_name_plural = "jaarplannen"
        ordering = ["-school_year", "-version_major", "-version_minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "lineage", "version_major", "version_minor"],
                name="jaarplan_unique_version",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "school_year"], name="jaarplan_tenant_year")]

    def __str__(self) -> str:
        return f"Jaarplan {self.year.label} (versie {self.version})"

    @property
    def year(self) -> SchoolYear:
        return SchoolYear(self.school_year)

    @property
    def is_adopted(self) -> bool:
        return self.status != JaarplanStatus.CONCEPT

    @property
    def is_editable(self) -> bool:
        """Content (verbeterpunten, activities' texts): only while concept."""
        return self.status == JaarplanStatus.CONCEPT

    @property
    def accepts_progress(self) -> bool:
        """Status and progress of activities: until the year is evaluated."""
        return self.status != JaarplanStatus.EVALUATED

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "jaarplan_id": self.pk}


class JaarplanPart(VersionPart):
    """A part of one jaarplan version (``VersionPart``: ordered, uid, revision)."""

    jaarplan = models.ForeignKey(
        Jaarplan, on_delete=models.CASCADE, related_name="+", verbose_name="jaarplan"
    )

    class Meta(VersionPart.Meta):
        abstract = True

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "jaarplan_id": self.jaarplan_id}


class Improvement(JaarplanPart):
    """A verbeterpunt: one step of a doel due this year, or an item outside the doelen."""

    pillar_number = models.PositiveSmallIntegerField("pijler", null=True, blank=True)
    pillar_title = models.CharField("pijler (titel)", max_length=200, blank=True)
    goal_uid = models.UUIDField("ontwikkeldoel (uid)", null=True, blank=True)
    goal_number = models.CharField("doel (nummer)", max_length=10, blank=True)  # "1.3"
    goal_title = models.CharField("ontwikkeldoel", max_length=300, blank=True)
    step_uid = models.UUIDField("stap (uid)", null=True, blank=True)
    step_letter = models.CharField("stap (letter)", max_length=4, blank=True)
    step_when = models.CharField("stap (wanneer)", max_length=40, blank=True)
    title = models.TextField(
        "verbeterpunt",
        help_text="Bij een stap uit het plan de tekst van de stap, anders een eigen tekst.",
    )

    class Meta(JaarplanPart.Meta):
        verbose_name = "verbeterpunt"
        verbose_name_plural = "verbeterpunten"
        ordering = ["pillar_number", "goal_number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jaarplan", "step_uid"],
                condition=Q(step_uid__isnull=False),
                name="improvement_one_per_step",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "jaarplan", "position"], name="improvement_plan_pos")
        ]

    def __str__(self) -> str:
        prefix = f"{self.goal_number}{self.step_letter} " if self.goal_number else ""
        return f"{prefix}{self.title[:70]}"

    @property
    def is_additional(self) -> bool:
        """Aanvullend (beleidsmatig): belongs to no ontwikkeldoel."""
        return self.goal_uid is None


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "niet_gestart", "Niet gestart"
    RUNNING = "loopt", "Loopt"
    DONE = "gereed", "Gereed"
    DELAYED = "vertraagd", "Vertraagd"
    CANCELLED = "vervallen", "Vervallen"


# A status that needs a toelichting (why delayed, why dropped).
EXPLAINED_STATUSES = (ActivityStatus.DELAYED, ActivityStatus.CANCELLED)
# A status after which an activity is not carried into next year's jaarplan.
CLOSED_STATUSES = (ActivityStatus.DONE, ActivityStatus.CANCELLED)


class Evaluation(models.TextChoices):
    ACHIEVED = "behaald", "Behaald"
    PARTLY = "deels", "Deels behaald"
    NOT = "niet", "Niet behaald"


class Activity(JaarplanPart):
    improvement = models.ForeignKey(
        Improvement,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name="verbeterpunt",
    )
    result = models.TextField("beoogd resultaat")
    what = models.TextField("wat", blank=True)
    who = models.CharField("wie", max_length=300, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jaarplan_activities",
        verbose_name="verantwoordelijke",
        help_text="Optioneel: de gebruiker die de voortgang bijhoudt en de herinneringen krijgt.",
    )
    due_date = models.DateField(
        "wanneer gereed",
        null=True,
        blank=True,
        help_text="Een datum, of bij 'hele maand' de laatste dag van die maand.",
    )
    due_is_month = models.BooleanField("hele maand", default=False)
    status = models.CharField(
        "status", max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    explanation = models.TextField(
        "toelichting", blank=True, help_text="Verplicht bij 'vertraagd' en 'vervallen'."
    )
    evaluation = models.CharField("evaluatie", max_length=8, choices=Evaluation.choices, blank=True)
    evaluation_text = models.TextField("evaluatie (toelichting)", blank=True)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        verbose_name="overgenomen uit",
        help_text="De activiteit uit het jaarplan van vorig jaar waar deze uit voortkomt.",
    )

    class Meta(JaarplanPart.Meta):
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"
        indexes = [
            models.Index(fields=["tenant", "jaarplan", "status"], name="activity_plan_status"),
            models.Index(fields=["tenant", "responsible"], name="activity_responsible"),
            models.Index(fields=["tenant", "due_date"], name="activity_due"),
        ]

    def __str__(self) -> str:
        return self.result[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        """Its date passed without *gereed* (a dropped activity is not overdue either)."""
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status not in CLOSED_STATUSES
        )


class ActivityNote(TenantOwned):
    """One entry of an activity's progress history: who, when, what changed, and a note."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="notes", verbose_name="activiteit"
    )
    written_at = models.DateTimeField("op", auto_now_add=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="door",
    )
    status_from = models.CharField("status was", max_length=12, blank=True)
    status_to = models.CharField("status werd", max_length=12, blank=True)
    changes = models.JSONField("gewijzigd", default=dict, blank=True)  # field → [was, werd]
    text = models.TextField("voortgang", blank=True)

    class Meta:
        verbose_name = "voortgangsnotitie"
        verbose_name_plural = "voortgangsnotities"
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["tenant", "activity"], name="activitynote_activity")]

    def __str__(self) -> str:
        return f"{self.written_at:%d-%m-%Y}: {self.text[:60]}"


class JaarplanApproval(JaarplanPart, ApprovalStepBase):
    """One step of a jaarplan version's approval trail (RvT, OPR, ALV … as the tenant asks)."""

    version_link = "jaarplan"

    class Meta:
        verbose_name = "stap in het goedkeuringstraject van het jaarplan"
        verbose_name_plural = "goedkeuringstraject van het jaarplan"
        ordering = ["date", "position", "pk"]
        indexes = [
            models.Index(fields=["tenant", "jaarplan", "date"], name="jaarplan_approval_date")
        ]


class JaarplanSettings(TenantOwned):
    """Per tenant: the bodies whose positive step the bestuurder needs before adopting."""

    required_bodies = models.JSONField(
        "vereiste goedkeuringen",
        default=list,
        blank=True,
        help_text="De organen die positief moeten hebben besloten voordat de bestuurder het "
        "jaarplan vaststelt.",
    )
    weekly_digest = models.BooleanField(
        "wekelijkse e-mail aan verantwoordelijken",
        default=True,
        help_text="Uit: niemand krijgt de wekelijkse herinnering, wat leden zelf ook kiezen.",
    )

    class Meta:
        verbose_name = "instellingen jaarplan"
        verbose_name_plural = "instellingen jaarplan"
        constraints = [models.UniqueConstraint(fields=["tenant"], name="jaarplan_settings_one")]

    def __str__(self) -> str:
        return f"Instellingen jaarplan {self.tenant_id}"

    @property
    def bodies(self) -> list[str]:
        return [b for b in self.required_bodies if b in ApprovalBody.values]


class DigestPreference(TenantOwned):
    """A member who does not want the weekly e-mail (no row: they get it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="lid"
    )
    weekly_digest = models.BooleanField("wekelijkse e-mail", default=True)

    class Meta:
        verbose_name = "voorkeur wekelijkse e-mail"
        verbose_name_plural = "voorkeuren wekelijkse e-mail"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="digest_preference_one")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {'aan' if self.weekly_digest else 'uit'}"


for _model in (Jaarplan, Improvement, Activity, JaarplanApproval, JaarplanSettings):
    auditlog.register(_model, exclude_fields=["revision", "updated_at", "uid"])
auditlog.register(DigestPreference)
