"""The kwaliteitskalender (domain.md §4; seed ``002_…`` §3): the documents and events that come
back every year, every two or four years or several times a year.

* ``CalendarItem``: what it is, its category, its frequency rule (``plans.calendar_rules`` turns
  it into due dates per school year), who does it (*wie*) and who adopts it (*vaststelling door*).
  An item may be linked to something the portal knows (``link``): it is then ticked off by the
  portal itself, when the OSP is sent to the Inspectie or a monitoring report is issued.
* ``CalendarOccurrence``: one due date that someone marked done (on, by, an optional issued
  document). Due dates themselves are computed, never stored: changing an item's rule moves them.
* ``CalendarFeed``: a member's secret iCalendar address (stored as a hash; revocable).
"""

from __future__ import annotations

import hashlib

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from swvportal.tenancy.models import TenantOwned


class CalendarCategory(models.TextChoices):
    PLANS = "plannen", "Documenten: plannen"
    ACCOUNTABILITY = "verantwoording", "Documenten: verantwoording"
    CONVERSATIONS = "gesprekscyclus", "Gesprekscyclus"
    EVALUATION = "evaluatie", "Evaluatie en onderzoeken"


class Frequency(models.TextChoices):
    YEARLY = "jaarlijks", "Jaarlijks vóór een datum"
    BIENNIAL = "tweejaarlijks", "Een keer per twee jaar vóór een datum"
    FOUR_YEARLY = "vierjaarlijks", "Een keer per vier jaar vóór een datum"
    TIMES_A_YEAR = "meermaals", "Een aantal keer per jaar, op vaste data"
    PLANNED = "planning", "Volgens planning (data ingevoerd)"


class CalendarLink(models.TextChoices):
    NONE = "", "Geen (zelf afvinken)"
    OSP_SENT = "osp_verzonden", "Ondersteuningsplan verzonden aan de inspectie"
    MONITORING_REPORT = "monitoringrapport", "Monitoringrapport uitgegeven"
    JAARPLAN_ADOPTED = "jaarplan_vastgesteld", "Jaarplan vastgesteld"
    BEGROTING_ADOPTED = "begroting_vastgesteld", "Begroting vastgesteld (PDF gearchiveerd)"


class CalendarItem(TenantOwned):
    category = models.CharField("categorie", max_length=16, choices=CalendarCategory.choices)
    position = models.PositiveSmallIntegerField("volgorde", default=0)
    title = models.CharField("onderwerp", max_length=200)
    frequency = models.CharField("frequentie", max_length=14, choices=Frequency.choices)
    due_month = models.PositiveSmallIntegerField("vóór maand", null=True, blank=True)
    due_day = models.PositiveSmallIntegerField("vóór dag", null=True, blank=True)
    anchor_year = models.PositiveSmallIntegerField(
        "in schooljaar",
        null=True,
        blank=True,
        help_text="Bij een keer per twee of vier jaar: een schooljaar waarin het valt (beginjaar: "
        "2025 staat voor 2025-2026); de andere volgen om de twee of vier jaar.",
    )
    # TIMES_A_YEAR: [[month, day], …] in every school year; PLANNED: ["2027-03-15", …].
    dates = models.JSONField("data", default=list, blank=True)
    owner = models.CharField("wie", max_length=300, blank=True)
    adopted_by = models.CharField("vaststelling door", max_length=300, blank=True)
    note = models.TextField("opmerking", blank=True)
    link = models.CharField(
        "vinkt zichzelf af bij",
        max_length=24,
        choices=CalendarLink.choices,
        blank=True,
        default=CalendarLink.NONE,
    )
    is_active = models.BooleanField("actief", default=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "onderdeel van de kwaliteitskalender"
        verbose_name_plural = "kwaliteitskalender"
        ordering = ["category", "position", "pk"]
        indexes = [models.Index(fields=["tenant", "category"], name="calendaritem_category")]

    def __str__(self) -> str:
        return self.title


class CalendarOccurrence(TenantOwned):
    """A due date of an item, marked done."""

    item = models.ForeignKey(
        CalendarItem, on_delete=models.CASCADE, related_name="occurrences", verbose_name="onderdeel"
    )
    due_date = models.DateField("uiterlijk")
    done_on = models.DateField("gedaan op")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="afgevinkt door",
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="document",
    )
    note = models.CharField("opmerking", max_length=300, blank=True)

    class Meta:
        verbose_name = "afgevinkte datum van de kwaliteitskalender"
        verbose_name_plural = "afgevinkte data van de kwaliteitskalender"
        constraints = [
            models.UniqueConstraint(fields=["item", "due_date"], name="occurrence_one_per_date")
        ]
        indexes = [models.Index(fields=["tenant", "due_date"], name="occurrence_due")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.due_date}: gedaan op {self.done_on}"


class CalendarFeed(TenantOwned):
    """A member's secret calendar address. Only the token's SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="lid"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    last_used_at = models.DateTimeField("laatst opgehaald", null=True, blank=True)

    class Meta:
        verbose_name = "agenda-abonnement"
        verbose_name_plural = "agenda-abonnementen"
        indexes = [models.Index(fields=["tenant", "user"], name="calendarfeed_user")]

    def __str__(self) -> str:
        return f"Agenda van {self.user_id} ({'ingetrokken' if self.revoked_at else 'actief'})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


for _model in (CalendarItem, CalendarOccurrence):
    auditlog.register(_model, exclude_fields=["revision"])
auditlog.register(CalendarFeed, exclude_fields=["token_hash", "last_used_at"])
