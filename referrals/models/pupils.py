"""Pupil-level records: pseudonymous pupil references, thuiszitter registrations and OPPs.

This is the portal's most sensitive data (minors; health and behaviour). We store the minimum:
the school's own pupil number, a birth year and optional initials; no BSN, no names. Every read
is logged (``swvportal.audit.services.log_read``), every change by django-auditlog. Closed
registrations are anonymised after the tenant's retention period; anonymised rows keep counting
in historical figures.
"""

from __future__ import annotations

import datetime

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.utils import timezone

from swvportal.core.pupils import PupilRecord
from swvportal.tenancy.models import School, TenantOwned

RELATIVE_ABSENCE_THRESHOLD_DAYS = 28  # langdurig relatief verzuim: 4 weeks or more
OPP_DEADLINE_DAYS = 42  # an OPP is set within 6 weeks of placement
ANONYMISED = "geanonimiseerd"
# Free text that may identify a pupil, emptied when a record is anonymised.
ANONYMISED_FIELDS = ("plan", "legal_ground")
OPP_ANONYMISED_FIELDS = ("pupil_view",)


class RegistrationSettings(TenantOwned):
    """The tenant's own rules for registrations (domain.md: tenant settings)."""

    required_fields = models.JSONField(
        "verplichte velden voor volledigheid",
        default=list,
        help_text="Velden die ingevuld moeten zijn voordat een registratie volledig is.",
    )
    retention_years = models.PositiveSmallIntegerField(
        "bewaartermijn (jaren na afsluiten)", default=2
    )

    # The logboek names the fields ("reden, plan van aanpak"), not their code names.
    audit_formats = {"required_fields": lambda names: _absence_field_labels(names)}

    class Meta:
        verbose_name = "instellingen voor registraties"
        verbose_name_plural = "instellingen voor registraties"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="registration_settings_once")
        ]

    def __str__(self) -> str:
        return "Instellingen voor registraties"


DEFAULT_REQUIRED_FIELDS = ["reason_category", "partners", "plan", "last_contact_date"]


def _absence_field_labels(names: object) -> str:
    fields = {f.name: str(f.verbose_name) for f in AbsenceRegistration._meta.fields}
    return ", ".join(fields.get(n, str(n)) for n in _as_list(names)) or "(leeg)"


def _partner_labels(codes: object) -> str:
    labels = dict(Partner.choices)
    return ", ".join(str(labels.get(c, c)) for c in _as_list(codes)) or "(leeg)"


def _as_list(value: object) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


class Pupil(TenantOwned):
    """A pseudonymous pupil: the school's own pupil number, never a name or a BSN."""

    audit_sensitive = True  # pupil data: the tenant-wide log hides its values

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    pupil_number = models.CharField("leerlingnummer van de school", max_length=40)
    birth_year = models.PositiveSmallIntegerField("geboortejaar")
    initials = models.CharField("initialen (optioneel)", max_length=10, blank=True)

    class Meta:
        verbose_name = "leerling"
        verbose_name_plural = "leerlingen"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "pupil_number"],
                name="pupil_unique_number_per_school",
                violation_error_message="Deze school heeft al een leerling met dit leerlingnummer.",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "school"], name="pupil_tenant_school")]

    def __str__(self) -> str:
        return f"Leerling {self.pupil_number}"

    # The retention run (``swvportal.core.pupils``) drops the number once no record of the
    # pupil is within its term; the birth year stays, it counts in the figures.
    @classmethod
    def anonymised_filter(cls) -> Q:
        return Q(pupil_number__startswith=f"{ANONYMISED}-")

    def anonymise(self) -> None:
        self.pupil_number = f"{ANONYMISED}-{self.pk}"
        self.initials = ""
        self.save(update_fields=["pupil_number", "initials"])


class AbsenceKind(models.TextChoices):
    ABSOLUTE = "absoluut", "Absoluut verzuim"
    RELATIVE = "relatief", "Langdurig relatief verzuim"
    EXEMPTION = "vrijstelling", "Vrijstelling"
    ALLOWED = "geoorloofd", "Geoorloofd thuiszitten"


class ReasonCategory(models.TextChoices):
    PHYSICAL = "lichamelijk", "Lichamelijke klachten"
    PSYCHOLOGICAL = "psychisch", "Psychische klachten"
    BEHAVIOUR = "gedrag", "Gedrag"
    FAMILY = "thuissituatie", "Thuissituatie"
    EDUCATION = "onderwijsaanbod", "Geen passend onderwijsaanbod"
    WAITING = "wachtlijst", "Wachtlijst zorg of jeugdhulp"
    OTHER = "anders", "Anders"


class Partner(models.TextChoices):
    LEERPLICHT = "leerplicht", "Leerplicht"
    JEUGDHULP = "jeugdhulp", "Jeugdhulp"
    GGD = "ggd", "GGD"
    OPDC = "opdc", "OPDC"
    WIJKTEAM = "wijkteam", "Sociaal of wijkteam"
    ZORG = "zorgaanbieder", "Zorgaanbieder"
    OTHER = "anders", "Anders"


class Outcome(models.TextChoices):
    OWN_SCHOOL = "eigen_school", "Terug op de eigen school"
    OTHER_SCHOOL = "andere_school", "Andere school"
    OPDC = "opdc", "OPDC"
    VSO = "vso", "Vso"
    MBO = "mbo", "Mbo"
    OUTSIDE = "buiten_swv", "Onderwijs buiten het samenwerkingsverband"
    NONE = "geen", "Geen onderwijs"


class AbsenceRegistration(PupilRecord):
    """A thuiszitter registration (domain.md §6): one period a pupil is at home."""

    anonymise_fields = ANONYMISED_FIELDS
    retention_from = ("end_date",)  # kept while open; the term counts from closing

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="absences", verbose_name="leerling"
    )
    kind = models.CharField("soort", max_length=15, choices=AbsenceKind.choices)
    legal_ground = models.CharField(
        "wettelijke grond",
        max_length=120,
        blank=True,
        help_text="Alleen bij een vrijstelling, bijvoorbeeld 'Leerplichtwet art. 5 onder a'.",
    )
    start_date = models.DateField("begindatum")
    end_date = models.DateField("einddatum", null=True, blank=True)
    reason_category = models.CharField(
        "reden", max_length=20, choices=ReasonCategory.choices, blank=True
    )
    partners = models.JSONField("betrokken partners", default=list, blank=True)
    audit_formats = {"partners": lambda codes: _partner_labels(codes)}
    plan = models.TextField("plan van aanpak", blank=True)
    last_contact_date = models.DateField("laatste contact", null=True, blank=True)
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField("geregistreerd op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "thuiszittersregistratie"
        verbose_name_plural = "thuiszittersregistraties"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(end_date__isnull=True),
                name="absence_one_open",
                violation_error_message="Deze leerling heeft al een open registratie.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="absence_end_after_start",
                violation_error_message="De einddatum ligt voor de begindatum.",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "school", "start_date"], name="absence_school_start"),
            models.Index(
                fields=["tenant", "start_date", "end_date", "kind"], name="absence_tenant_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} vanaf {self.start_date:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def duration_days(self, on: datetime.date | None = None) -> int:
        """Days at home so far: up to the end date, or up to ``on`` (default today)."""
        on = on or timezone.localdate()
        end = min(self.end_date, on) if self.end_date else on
        return (end - self.start_date).days

    def counts_as_thuiszitter(self, on: datetime.date | None = None) -> bool:
        """Thuiszitters = absoluut verzuim + relatief verzuim of 4 weeks or more."""
        if self.kind == AbsenceKind.ABSOLUTE:
            return True
        if self.kind == AbsenceKind.RELATIVE:
            return self.duration_days(on) >= RELATIVE_ABSENCE_THRESHOLD_DAYS
        return False

    def missing_fields(self, required: list[str]) -> list[str]:
        # Anonymisation empties these on purpose; a complete record stays complete.
        erased = ANONYMISED_FIELDS if self.anonymised_at else ()
        missing = [name for name in required if name not in erased and not getattr(self, name)]
        if self.kind == AbsenceKind.EXEMPTION and not self.legal_ground and not erased:
            missing.append("legal_ground")
        if self.end_date and not self.outcome:
            missing.append("outcome")
        return missing


class HeardHow(models.TextChoices):
    CONVERSATION = "gesprek", "In een gesprek"
    WRITTEN = "schriftelijk", "Schriftelijk"
    OTHER = "anders", "Op een andere manier"


# The dates of an OPP's steps, in order: none may lie in the future, and the retention term
# counts from the last one set.
OPP_DATE_FIELDS = (
    "placement_date",
    "set_on",
    "parents_consent_on",
    "heard_on",
    "signed_on",
    "evaluated_on",
)


class OppRegistration(PupilRecord):
    """An OPP sign-off record (domain.md §7): set, consent, heard, signed, evaluated."""

    anonymise_fields = OPP_ANONYMISED_FIELDS
    # An OPP still in use is evaluated every year: its term counts from its last date.
    retention_from = OPP_DATE_FIELDS

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="opps", verbose_name="leerling"
    )
    placement_date = models.DateField("datum plaatsing")
    set_on = models.DateField("OPP vastgesteld op", null=True, blank=True)
    parents_consent_on = models.DateField("instemming ouders handelingsdeel", null=True, blank=True)
    heard_on = models.DateField("leerling gehoord op", null=True, blank=True)
    heard_how = models.CharField("hoe gehoord", max_length=15, choices=HeardHow.choices, blank=True)
    pupil_view = models.TextField("mening van de leerling", blank=True)
    signed_on = models.DateField("ondertekend door de leerling op", null=True, blank=True)
    evaluation_due = models.DateField("evaluatie gepland op", null=True, blank=True)
    evaluated_on = models.DateField("geëvalueerd op", null=True, blank=True)
    created_at = models.DateTimeField("geregistreerd op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "OPP"
        verbose_name_plural = "OPP's"
        ordering = ["-placement_date", "-pk"]
        indexes = [
            models.Index(
                fields=["tenant", "school", "placement_date"], name="opp_school_placement"
            ),
        ]

    def __str__(self) -> str:
        return f"OPP na plaatsing {self.placement_date:%d-%m-%Y}"

    @property
    def opp_deadline(self) -> datetime.date:
        return self.placement_date + datetime.timedelta(days=OPP_DEADLINE_DAYS)

    def flags(self, today: datetime.date | None = None) -> list[str]:
        """What needs attention, in plain Dutch (empty: nothing)."""
        today = today or timezone.localdate()
        flags = []
        if self.set_on and self.set_on > self.opp_deadline:
            flags.append("OPP later dan 6 weken na plaatsing vastgesteld")
        if not self.set_on and today > self.opp_deadline:
            flags.append("OPP nog niet vastgesteld, terwijl 6 weken na plaatsing voorbij zijn")
        if self.evaluation_due and not self.evaluated_on and today > self.evaluation_due:
            flags.append("Jaarlijkse evaluatie te laat")
        return flags


class SchoolConversation(TenantOwned):
    """The yearly conversation with a school about its thuiszitters (domain.md §6)."""

    audit_sensitive = True  # pupil data: the tenant-wide log hides its values

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    held_on = models.DateField("datum")
    participants = models.CharField("wie waren erbij", max_length=300)
    notes = models.TextField("aantekeningen", blank=True)
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "gesprek over thuiszitters"
        verbose_name_plural = "gesprekken over thuiszitters"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["tenant", "school", "held_on"], name="conversation_school")]

    def __str__(self) -> str:
        return f"Gesprek op {self.held_on:%d-%m-%Y}"


for _model in (
    Pupil,
    AbsenceRegistration,
    OppRegistration,
    SchoolConversation,
    RegistrationSettings,
):
    auditlog.register(_model, exclude_fields=["revision", "updated_at"])
