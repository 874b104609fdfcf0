"""The ouder- en jeugdsteunpunt's data (issue #16): contacts, call-back requests, themes, trends,
the yearly feedback to schools and the tenant's settings.

Personal data is kept to the minimum (domain.md §11):

* a contact names nobody: no name, no address, no pupil; its free texts (``summary``,
  ``message``, ``referred_to``, ``follow_up_note``) carry a reminder not to type names, and are
  emptied when the retention term has passed (``SteunpuntSettings.retention_years``, counted
  from ``closed_on``): a :class:`~swvportal.core.pupils.RetainedRecord`;
* who asked for a call back leaves a name and a number or address in a row of its own
  (:class:`CallbackRequest`), deleted when the contact is closed (``services.contact_close``)
  and at the latest when the contact is anonymised;
* every read of a contact is logged (``swvportal.audit.services.log_read``) and every change is
  in the audit log, with the values hidden (``audit_sensitive``).

Trends and feedback hold no personal data: titles, themes, statuses and aggregates.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from swvportal.core.pupils import RetainedRecord
from swvportal.core.schoolyear import validate_start_year
from swvportal.tenancy.models import School, TenantOwned

# What the staff's free-text fields may hold; the public form has its own (larger) limit.
SUMMARY_MAX = 2000
MESSAGE_MAX = 4000
NO_NAMES = "Schrijf geen namen of andere gegevens waaraan iemand te herkennen is."


def _member(related_name: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Channel(models.TextChoices):
    PHONE = "telefoon", "Telefoon"
    EMAIL = "e-mail", "E-mail"
    FORM = "formulier", "Formulier"
    MEETING = "gesprek", "Gesprek"
    OTHER = "anders", "Anders"


class Asker(models.TextChoices):
    PARENT = "ouder", "Ouder"
    PUPIL = "leerling", "Leerling"
    SCHOOL = "school", "School"
    OTHER = "anders", "Anders"


class Action(models.TextChoices):
    INFORMED = "informatie", "Informatie gegeven"
    REFERRED = "doorverwezen", "Doorverwezen"
    THOUGHT_ALONG = "meegedacht", "Meegedacht"
    COMPLAINT = "klacht", "Klacht doorgeleid"


class SteunpuntSettings(TenantOwned):
    """One row per tenant (``services.steunpunt_settings`` makes it on first use)."""

    retention_years = models.PositiveSmallIntegerField(
        "bewaartermijn (jaren)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Zo lang na het afsluiten blijven de vrije teksten van een contact bewaard. "
        "Daarna worden ze gewist; de tellingen blijven.",
    )
    notify_email = models.EmailField(
        "e-mailadres van het steunpunt",
        blank=True,
        help_text="Hier komt een bericht als iemand het formulier invult. Leeg: naar iedereen "
        "die het steunpunt bemenst.",
    )
    form_open = models.BooleanField(
        "formulier open",
        default=True,
        help_text="Staat het openbare formulier voor ouders en jongeren open?",
    )
    form_intro = models.TextField(
        "tekst boven het formulier",
        blank=True,
        max_length=1000,
        help_text="Bijvoorbeeld wanneer het steunpunt bereikbaar is. Leeg: een standaardtekst.",
    )

    class Meta:
        verbose_name = "instellingen van het steunpunt"
        verbose_name_plural = "instellingen van het steunpunt"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="steunpunt_settings_one_per_tenant")
        ]

    def __str__(self) -> str:
        return f"Instellingen steunpunt {self.tenant_id}"


class Theme(TenantOwned):
    """A theme of the tenant's own list (toelating/TLV, thuiszitten, vervoer, …)."""

    name = models.CharField("naam", max_length=80)
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    is_active = models.BooleanField(
        "in gebruik", default=True, help_text="Niet meer in gebruik: blijft bij oude contacten."
    )

    class Meta:
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="steunpunt_theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TrendStatus(models.TextChoices):
    SIGNALLED = "gesignaleerd", "Gesignaleerd"
    DISCUSSED = "besproken", "Besproken met scholen"
    ACTION = "actie", "Actie ondernomen"
    CLOSED = "afgesloten", "Afgesloten"


class Trend(TenantOwned):
    """What several signals have in common, and what the SWV does about it.

    First and last seen are the dates of its earliest and latest signal (``selectors``), or the
    dates entered here when a trend was seen before the portal (``first_seen``/``last_seen``).
    """

    title = models.CharField("titel", max_length=150)
    description = models.TextField("beschrijving", blank=True, max_length=SUMMARY_MAX)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="trends", verbose_name="thema's"
    )
    status = models.CharField(
        "status", max_length=20, choices=TrendStatus.choices, default=TrendStatus.SIGNALLED
    )
    action_taken = models.TextField("ondernomen actie", blank=True, max_length=SUMMARY_MAX)
    signalled_on = models.DateField("gesignaleerd op")
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    created_by = _member("+", "vastgelegd door")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "trend"
        verbose_name_plural = "trends"
        ordering = ["-signalled_on", "title"]
        indexes = [models.Index(fields=["tenant", "signalled_on"], name="steunpunt_trend_date")]

    def __str__(self) -> str:
        return self.title


class Contact(RetainedRecord):
    """One contact with the steunpunt: a call, a mail, a form, a conversation."""

    received_on = models.DateField("datum")
    channel = models.CharField("kanaal", max_length=20, choices=Channel.choices)
    asker = models.CharField("wie", max_length=20, choices=Asker.choices)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="school",
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="contacts", verbose_name="thema's"
    )
    # The asker's own words (the public form); staff write ``summary``.
    message = models.TextField("vraag of ervaring", blank=True, max_length=MESSAGE_MAX)
    summary = models.TextField(
        "korte samenvatting", blank=True, max_length=SUMMARY_MAX, help_text=NO_NAMES
    )
    actions = models.JSONField(
        "wat is gedaan", default=list, blank=True, help_text="Een of meer van ``Action``."
    )
    referred_to = models.CharField(
        "doorverwezen naar", max_length=200, blank=True, help_text="Een organisatie, geen naam."
    )
    follow_up_needed = models.BooleanField("vervolg nodig", default=False)
    follow_up_by = models.DateField("vervolg uiterlijk op", null=True, blank=True)
    follow_up_note = models.CharField(
        "wat is het vervolg", max_length=300, blank=True, help_text=NO_NAMES
    )
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    is_signal = models.BooleanField(
        "signaal",
        default=False,
        help_text="Zegt dit contact iets over hoe passend onderwijs werkt?",
    )
    trend = models.ForeignKey(
        Trend,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name="trend",
    )
    from_form = models.BooleanField("via het openbare formulier", default=False)
    created_by = _member("+", "vastgelegd door")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    anonymise_fields = ("message", "summary", "referred_to", "follow_up_note")
    retention_from = ("closed_on",)

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacten"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "received_on"], name="steunpunt_contact_date"),
            models.Index(fields=["tenant", "closed_on"], name="steunpunt_contact_closed"),
        ]

    def __str__(self) -> str:
        return f"Contact {self.reference}"

    @property
    def reference(self) -> str:
        """What staff call it by: the year and the row's number, e.g. ``2026-0012``."""
        return f"{self.received_on:%Y}-{self.pk:04d}" if self.pk else "nieuw"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def action_labels(self) -> list[str]:
        labels = dict(Action.choices)
        return [labels.get(a, a) for a in self.actions or ()]


class CallbackRequest(TenantOwned):
    """Who asked to be called back, and how: kept apart from the contact and deleted when the
    contact is closed."""

    audit_sensitive = True

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="callback", verbose_name="contact"
    )
    name = models.CharField("naam", max_length=100)
    phone = models.CharField("telefoonnummer", max_length=30, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    best_time = models.CharField("wanneer bereikbaar", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "terugbelverzoek"
        verbose_name_plural = "terugbelverzoeken"

    def __str__(self) -> str:
        return f"Terugbelverzoek bij contact {self.contact_id}"


class Feedback(TenantOwned):
    """The yearly *terugkoppeling* to one school: what was shared, in aggregates only."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    school_year = models.PositiveSmallIntegerField("schooljaar", validators=[validate_start_year])
    given_on = models.DateField("datum")
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="feedback", verbose_name="besproken thema's"
    )
    trends = models.ManyToManyField(
        Trend, blank=True, related_name="feedback", verbose_name="besproken trends"
    )
    # The figures shown to the school when it was given (themes and counts, small ones as "<5"),
    # so what the school read stays what it was; JSON with Dutch keys.
    figures = models.JSONField("gedeelde cijfers", default=dict, blank=True)
    note = models.TextField(
        "wat is gedeeld", blank=True, max_length=SUMMARY_MAX, help_text=NO_NAMES
    )
    recorded_by = _member("+", "vastgelegd door")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "terugkoppeling"
        verbose_name_plural = "terugkoppelingen"
        ordering = ["-school_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school", "school_year"], name="steunpunt_feedback_one_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"Terugkoppeling {self.school_id} {self.school_year}"


auditlog.register(Contact, exclude_fields=["revision", "updated_at"], m2m_fields={"themes"})
auditlog.register(CallbackRequest)
auditlog.register(Trend, exclude_fields=["revision", "updated_at"], m2m_fields={"themes"})
auditlog.register(Feedback, exclude_fields=["updated_at"], m2m_fields={"themes", "trends"})
auditlog.register(Theme)
auditlog.register(SteunpuntSettings)
