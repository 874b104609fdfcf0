"""The Loket's meetings and decisions, and what follows a decision: the expiry notices, the
objections, the external referrals and the future conversations with the school.

The decision (``TlvDecision``) is the lasting fact: it is never changed (a correction is a new
decision that replaces it) and its row stays, anonymised, so the counts stay right.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from swvportal.accounts.models import Membership
from swvportal.core.pupils import PupilRecord
from swvportal.tenancy.models import School, TenantOwned

from .loket_base import (
    AgendaOutcome,
    Category,
    Cluster,
    DecisionOutcome,
    ObjectionOutcome,
    ObjectionStage,
    TlvKind,
)
from .loket_requests import TlvRequest
from .pupils import Pupil

# --- The meeting --------------------------------------------------------------------------------


class LoketMeeting(TenantOwned):
    """A meeting of the Loket (BTO, CvT): who was there, the requests on its agenda."""

    held_on = models.DateField("datum")
    location = models.CharField("plaats", max_length=120, blank=True)
    members_present = models.ManyToManyField(
        Membership, blank=True, related_name="+", verbose_name="aanwezige leden"
    )
    notes = models.TextField("algemene aantekeningen", blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "vergadering van het Loket"
        verbose_name_plural = "vergaderingen van het Loket"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Vergadering van {self.held_on:%d-%m-%Y}"


class AgendaItem(TenantOwned):
    audit_sensitive = True

    meeting = models.ForeignKey(
        LoketMeeting, on_delete=models.CASCADE, related_name="items", verbose_name="vergadering"
    )
    request = models.ForeignKey(
        TlvRequest, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="aanvraag"
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    discussion = models.TextField("bespreking", blank=True)
    outcome = models.CharField("uitkomst", max_length=15, choices=AgendaOutcome.choices, blank=True)

    class Meta:
        verbose_name = "agendapunt"
        verbose_name_plural = "agendapunten"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "request"],
                name="agenda_request_once",
                violation_error_message="Deze aanvraag staat al op de agenda.",
            )
        ]

    def __str__(self) -> str:
        return f"Agendapunt {self.order}"


# --- The decision -------------------------------------------------------------------------------

DECISION_ANONYMISED_FIELDS = ("reasoning", "receiving_school_name")


class TlvDecision(PupilRecord):
    """The Loket's decision (besluit) on a request: never changed once made. A correction is a
    new decision with ``replaces`` set; the old one stays, marked replaced."""

    anonymise_fields = DECISION_ANONYMISED_FIELDS
    retention_from = ("retention_from_date",)

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="tlv_decisions", verbose_name="leerling"
    )
    request = models.ForeignKey(
        TlvRequest, on_delete=models.PROTECT, related_name="decisions", verbose_name="aanvraag"
    )
    meeting = models.ForeignKey(
        LoketMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="vergadering",
    )
    outcome = models.CharField("besluit", max_length=10, choices=DecisionOutcome.choices)
    kind = models.CharField("soort", max_length=10, choices=TlvKind.choices)
    cluster = models.PositiveSmallIntegerField(
        "cluster", choices=Cluster.choices, null=True, blank=True
    )
    category = models.CharField("categorie", max_length=10, choices=Category.choices, blank=True)
    start_date = models.DateField("ingangsdatum", null=True, blank=True)
    end_date = models.DateField("einddatum", null=True, blank=True)
    receiving_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ontvangende school",
    )
    receiving_school_name = models.CharField(
        "ontvangende school (buiten het samenwerkingsverband)", max_length=200, blank=True
    )
    reasoning = models.TextField("motivering")
    decided_on = models.DateField("besloten op")
    sent_on = models.DateField("verzonden op", null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="vervangt besluit",
    )
    # Imported from another system: no request of ours behind it but a placeholder.
    imported = models.BooleanField("overgenomen uit een ander systeem", default=False)
    retention_from_date = models.DateField("bewaartermijn telt vanaf", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vastgelegd door",
    )
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "besluit op een TLV-aanvraag"
        verbose_name_plural = "besluiten op TLV-aanvragen"
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.REFUSED)
                | (Q(start_date__isnull=False) & Q(end_date__isnull=False)),
                name="tlv_granted_has_period",
                violation_error_message="Een toegekende TLV heeft een ingangs- en einddatum.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="tlv_end_after_start",
                violation_error_message="De einddatum ligt voor de ingangsdatum.",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "outcome", "end_date"], name="tlv_decision_in_force"),
            models.Index(fields=["tenant", "school", "decided_on"], name="tlv_decision_school"),
        ]

    def __str__(self) -> str:
        return f"Besluit van {self.decided_on:%d-%m-%Y}: {self.get_outcome_display().lower()}"

    @property
    def is_granted(self) -> bool:
        return self.outcome == DecisionOutcome.GRANTED

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.is_granted
            and self.start_date is not None
            and self.start_date <= day <= self.end_date
        )


class ExpiryNotice(TenantOwned):
    """An expiry e-mail sent for one TLV: once per TLV per notice period."""

    decision = models.ForeignKey(
        TlvDecision, on_delete=models.CASCADE, related_name="expiry_notices"
    )
    ends_on = models.DateField("einddatum waarover gemeld")
    sent_at = models.DateTimeField("verzonden op", auto_now_add=True)
    recipients = models.PositiveSmallIntegerField("aantal ontvangers", default=0)

    class Meta:
        verbose_name = "melding aflopende TLV"
        verbose_name_plural = "meldingen aflopende TLV's"
        constraints = [
            models.UniqueConstraint(fields=["decision", "ends_on"], name="expiry_notice_once")
        ]

    def __str__(self) -> str:
        return f"Melding einddatum {self.ends_on:%d-%m-%Y}"


# --- Objections ---------------------------------------------------------------------------------


class Objection(TenantOwned):
    """A bezwaar against a decision, with its stages and the Awb's deadlines."""

    audit_sensitive = True

    decision = models.ForeignKey(
        TlvDecision, on_delete=models.PROTECT, related_name="objections", verbose_name="besluit"
    )
    received_on = models.DateField("ontvangen op")
    stage = models.CharField(
        "fase", max_length=20, choices=ObjectionStage.choices, default=ObjectionStage.RECEIVED
    )
    with_committee = models.BooleanField("advies van een bezwaarcommissie", default=True)
    advice_asked_on = models.DateField("advies gevraagd op", null=True, blank=True)
    hearing_on = models.DateField("hoorzitting op", null=True, blank=True)
    extended_on = models.DateField("beslistermijn verlengd op", null=True, blank=True)
    outcome = models.CharField(
        "beslissing op bezwaar", max_length=20, choices=ObjectionOutcome.choices, blank=True
    )
    decided_on = models.DateField("beslist op", null=True, blank=True)
    note = models.TextField("toelichting", blank=True)
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Bezwaar ontvangen op {self.received_on:%d-%m-%Y}"


# --- Referrals ----------------------------------------------------------------------------------


class ExternalReferral(TenantOwned):
    """A pupil leaves the tenant's schools for a school outside it (verwijzing extern)."""

    audit_sensitive = True

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="verwijzende school"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="external_referrals", verbose_name="leerling"
    )
    referred_on = models.DateField("datum verwijzing")
    destination = models.CharField("naar (school buiten het samenwerkingsverband)", max_length=200)
    note = models.TextField("toelichting", blank=True)
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "externe verwijzing"
        verbose_name_plural = "externe verwijzingen"
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["tenant", "referred_on"], name="external_referral_date")]

    def __str__(self) -> str:
        return f"Verwijzing extern op {self.referred_on:%d-%m-%Y}"


class FutureConversation(TenantOwned):
    """The toekomstgericht gesprek with the referring school after a cluster-4 TLV or an
    external referral; listed until held."""

    audit_sensitive = True

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    decision = models.OneToOneField(
        TlvDecision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="future_conversation",
    )
    referral = models.OneToOneField(
        ExternalReferral,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="future_conversation",
    )
    planned_on = models.DateField("gepland op", null=True, blank=True)
    held_on = models.DateField("gehouden op", null=True, blank=True)
    note = models.TextField("aantekeningen", blank=True)

    class Meta:
        verbose_name = "toekomstgericht gesprek"
        verbose_name_plural = "toekomstgerichte gesprekken"
        ordering = ["held_on", "planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False) ^ Q(referral__isnull=False),
                name="future_conversation_one_source",
            )
        ]

    def __str__(self) -> str:
        return "Toekomstgericht gesprek"
