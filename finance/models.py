"""The meerjarenbegroting and the vangnet (domain.md §9; issue #15).

The begroting
    * ``Begroting``: one version of a tenant's meerjarenbegroting over a range of calendar years
      (``Versioned``: versions share a ``lineage``). Status concept → vastgesteld; a vastgesteld
      version is read-only and the next cycle starts from ``next_version``.
    * ``BudgetLine``: a line of one version (``VersionPart``: ordered, ``uid`` stable across
      versions, so versions compare line by line) in one of three groups (baten, verplichte
      afdrachten, programma's), optionally under a parent line (a programma's posts). A line
      with sub-lines has no amounts of its own: its amount is the sum of its sub-lines.
    * ``BudgetAmount``: the whole euros of one line in one calendar year. Totals, totale lasten
      and the resultaat are derived (``finance.rules``), never stored.
    * ``BegrotingApproval``: the approval trail of one version (``ApprovalStepBase``): advies
      financiële commissie, goedkeuring RvT, goedkeuring/instemming OPR; vaststelling by the ALV.
    * ``FinanceSettings``: per tenant the reserve ceiling, the Inspectie's signaleringswaarde
      (rate and minimum) and the bodies whose positive step adoption needs.

Realisation
    * ``Realisation``: realised whole euros of a line (of the version in force) in a year up to
      the end of a period (Q1, Q2, Q3, jaar), imported from the administratiekantoor's XLSX.
    * ``PrognosisOverride``: the bestuurder's own year prognosis of a line for a period, with a
      note (the managementrapportage's default is linear).

The vangnet (Bijlage 2)
    * ``VangnetFigure``: a school's figures of one school year that overrule or add to the
      Loket's: the DUO count on a peildatum, the residential pupils, an inflow or outflow
      figure, each with its source.
    * ``VangnetClaim``: a school's declaratie for one school year, with the figures it was
      verified on, the decision and the payment year.

No pupil-level data: the vangnet holds counts per school and category only.
"""

from __future__ import annotations

import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from swvportal.core.versioning import ApprovalBody, ApprovalStepBase, Versioned, VersionPart
from swvportal.tenancy.models import School, TenantOwned

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2099)]


def _member(verbose_name: str) -> models.ForeignKey:
    """Who did something (imported, recorded, changed): kept when the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


# --- The begroting --------------------------------------------------------------------------


class BegrotingStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    ADOPTED = "vastgesteld", "Vastgesteld"


class Begroting(TenantOwned, Versioned):
    title = models.CharField("titel", max_length=200, default="Meerjarenbegroting")
    first_year = models.PositiveSmallIntegerField("eerste kalenderjaar", validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField("laatste kalenderjaar", validators=YEAR_VALIDATORS)
    status = models.CharField(
        "status", max_length=12, choices=BegrotingStatus.choices, default=BegrotingStatus.CONCEPT
    )
    adopted_on = models.DateField("vastgesteld op (ALV)", null=True, blank=True)
    opening_reserve = models.BigIntegerField(
        "eigen vermogen bij de start (€)",
        default=0,
        help_text="Het eigen vermogen op 1 januari van het eerste jaar, in hele euro's.",
    )
    note = models.TextField("toelichting", blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    issued_documents = GenericRelation(
        "documents.IssuedDocument",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="begroting",
    )

    version_carry = ("tenant", "title", "first_year", "last_year", "opening_reserve")

    class Meta:
        verbose_name = "meerjarenbegroting"
        verbose_name_plural = "meerjarenbegrotingen"
        ordering = ["-version_major", "-version_minor", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "lineage", "version_major", "version_minor"],
                name="begroting_unique_version",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="begroting_years_in_order",
                violation_error_message="Het laatste jaar ligt voor het eerste jaar.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.first_year}–{self.last_year} (versie {self.version})"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_adopted(self) -> bool:
        return self.status == BegrotingStatus.ADOPTED

    @property
    def is_editable(self) -> bool:
        return self.status == BegrotingStatus.CONCEPT

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "begroting_id": self.pk}


class BegrotingPart(VersionPart):
    """A part of one begroting version."""

    begroting = models.ForeignKey(
        Begroting, on_delete=models.CASCADE, related_name="+", verbose_name="begroting"
    )

    class Meta(VersionPart.Meta):
        abstract = True

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "begroting_id": self.begroting_id}


class LineGroup(models.TextChoices):
    INCOME = "baten", "Baten"
    TRANSFERS = "afdrachten", "Verplichte afdrachten"
    PROGRAMMES = "programmas", "Programma's"


class Forecast(models.TextChoices):
    """What the Loket's TLVs forecast for a line (issue #15, point 5)."""

    NONE = "", "Geen"
    VSO_TRANSFER = "vso_afdracht", "Afdracht ondersteuningsbekostiging vso (TLV's op 1 oktober)"
    SCHOOL_CHARGED = "school_charged", "Kosten die scholen zelf dragen (TLV's op 1 oktober)"


class LineSource(models.TextChoices):
    TYPED = "", "Ingevoerd"
    VANGNET = "vangnet", "Goedgekeurde vangnetdeclaraties van het jaar"


class BudgetLine(BegrotingPart):
    group = models.CharField("groep", max_length=12, choices=LineGroup.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="hoort bij regel",
    )
    title = models.CharField("omschrijving", max_length=300)
    note = models.TextField("toelichting", blank=True)
    forecast = models.CharField(
        "prognose uit het Loket", max_length=16, choices=Forecast.choices, blank=True
    )
    source = models.CharField(
        "bedragen", max_length=10, choices=LineSource.choices, blank=True, default=""
    )

    class Meta(BegrotingPart.Meta):
        verbose_name = "begrotingsregel"
        verbose_name_plural = "begrotingsregels"
        ordering = ["group", "position", "pk"]
        indexes = [
            models.Index(fields=["tenant", "begroting", "group", "position"], name="line_pos")
        ]

    def __str__(self) -> str:
        return self.title


class BudgetAmount(TenantOwned):
    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="amounts", verbose_name="regel"
    )
    year = models.PositiveSmallIntegerField("kalenderjaar", validators=YEAR_VALIDATORS)
    amount = models.BigIntegerField("bedrag (€)", default=0)

    class Meta:
        verbose_name = "bedrag"
        verbose_name_plural = "bedragen"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="budget_amount_once"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.year}: {self.amount}"

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "line_id": self.line_id}


class BegrotingApproval(BegrotingPart, ApprovalStepBase):
    """One step of a begroting version's trail (financiële commissie, RvT, OPR, ALV)."""

    version_link = "begroting"
    recorded_by = _member("vastgelegd door")

    class Meta:
        verbose_name = "stap in het goedkeuringstraject van de begroting"
        verbose_name_plural = "goedkeuringstraject van de begroting"
        ordering = ["date", "position", "pk"]
        indexes = [
            models.Index(fields=["tenant", "begroting", "date"], name="begroting_approval_date")
        ]


DEFAULT_REQUIRED_BODIES = [
    ApprovalBody.FINANCE.value,
    ApprovalBody.RVT.value,
    ApprovalBody.OPR.value,
]


def _default_required_bodies() -> list[str]:
    return list(DEFAULT_REQUIRED_BODIES)


class FinanceSettings(TenantOwned):
    """The tenant's own financial rules (domain.md §9: tenant settings)."""

    reserve_ceiling = models.BigIntegerField(
        "eigen bovengrens van de reserve (€)",
        null=True,
        blank=True,
        help_text="RefSVO houdt de reserve op ten hoogste € 600.000. Leeg: geen eigen grens.",
    )
    signal_rate = models.DecimalField(
        "signaleringswaarde: deel van de totale baten",
        max_digits=5,
        decimal_places=4,
        default="0.0350",
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="De Inspectie vraagt om uitleg boven dit deel van de totale baten (3,5%).",
    )
    signal_minimum = models.BigIntegerField(
        "signaleringswaarde: ten minste (€)",
        default=250_000,
        validators=[MinValueValidator(0)],
    )
    required_bodies = models.JSONField(
        "vereiste goedkeuringen",
        default=_default_required_bodies,
        blank=True,
        help_text="De organen die positief moeten hebben besloten voordat de ALV de begroting "
        "vaststelt.",
    )

    class Meta:
        verbose_name = "instellingen begroting"
        verbose_name_plural = "instellingen begroting"
        constraints = [models.UniqueConstraint(fields=["tenant"], name="finance_settings_one")]

    def __str__(self) -> str:
        return f"Instellingen begroting {self.tenant_id}"

    @property
    def bodies(self) -> list[str]:
        return [b for b in self.required_bodies if b in ApprovalBody.values]


# --- Realisation and the managementrapportage -------------------------------------------------


class Period(models.TextChoices):
    Q1 = "q1", "Eerste kwartaal (t/m maart)"
    Q2 = "q2", "Tweede kwartaal (t/m juni)"
    Q3 = "q3", "Derde kwartaal (t/m september)"
    YEAR = "jaar", "Heel het jaar"


PERIOD_MONTHS = {Period.Q1: 3, Period.Q2: 6, Period.Q3: 9, Period.YEAR: 12}


class Realisation(TenantOwned):
    """Realised to date: the line's whole euros from 1 January to the end of ``period``."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="realisations", verbose_name="regel"
    )
    year = models.PositiveSmallIntegerField("kalenderjaar", validators=YEAR_VALIDATORS)
    period = models.CharField("periode", max_length=4, choices=Period.choices)
    amount = models.BigIntegerField("gerealiseerd (€)")
    imported_at = models.DateTimeField("ingelezen op", auto_now=True)
    imported_by = _member("ingelezen door")
    source_name = models.CharField("bestand", max_length=200, blank=True)

    class Meta:
        verbose_name = "realisatie"
        verbose_name_plural = "realisaties"
        ordering = ["year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year", "period"], name="realisation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.year} {self.period}: {self.amount}"


class PrognosisOverride(TenantOwned):
    """The bestuurder's year prognosis of a line in one period's report, instead of linear."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="prognoses", verbose_name="regel"
    )
    year = models.PositiveSmallIntegerField("kalenderjaar", validators=YEAR_VALIDATORS)
    period = models.CharField("periode", max_length=4, choices=Period.choices)
    amount = models.BigIntegerField("prognose voor het jaar (€)")
    note = models.TextField("toelichting")
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    updated_by = _member("gewijzigd door")

    class Meta:
        verbose_name = "eigen prognose"
        verbose_name_plural = "eigen prognoses"
        constraints = [
            models.UniqueConstraint(fields=["line", "year", "period"], name="prognosis_once"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.year} {self.period}: {self.amount}"


# --- The vangnet (Bijlage 2) ------------------------------------------------------------------


class Peildatum(models.TextChoices):
    SEPTEMBER = "sep", "1 september"
    FEBRUARY = "feb", "1 februari"
    JUNE = "jun", "1 juni"


class FigureKind(models.TextChoices):
    """What a figure counts: pupils on a peildatum, or a flow in 2 februari – 1 juni."""

    TLV_COUNT = "tlv", "Leerlingen met een TLV op de peildatum"
    RESIDENTIAL = "residentieel", "Residentiële leerlingen (niet JJI/GJI) op de peildatum"
    NEW_TLVS = "nieuw_tlv", "Nieuwe TLV's (2 februari – 1 juni)"
    NEW_RESIDENTIAL = "nieuw_residentieel", "Nieuwe residentiële leerlingen (2 februari – 1 juni)"
    OUTFLOW = "uitstroom", "Uitstroom (2 februari – 1 juni)"


class FigureSource(models.TextChoices):
    DUO = "duo", "DUO"
    ENTERED = "invoer", "Invoer door het samenwerkingsverband"


class VangnetFigure(TenantOwned):
    """A figure that overrules (a TLV count, a flow) or adds to (residential pupils) the Loket's
    own data for a school, a school year and a category (blank: the school's total, as SBO)."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    school_year = models.PositiveSmallIntegerField(
        "schooljaar",
        help_text="Beginjaar: 2025 staat voor 2025-2026 (1 september 2025 – 1 juni 2026).",
    )
    kind = models.CharField("soort", max_length=20, choices=FigureKind.choices)
    peildatum = models.CharField("peildatum", max_length=3, choices=Peildatum.choices, blank=True)
    category = models.CharField("categorie", max_length=10, blank=True)
    value = models.PositiveIntegerField("aantal")
    source = models.CharField("bron", max_length=10, choices=FigureSource.choices)
    note = models.CharField("toelichting", max_length=300, blank=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    updated_by = _member("gewijzigd door")

    class Meta:
        verbose_name = "vangnetcijfer"
        verbose_name_plural = "vangnetcijfers"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "kind", "peildatum", "category"],
                name="vangnet_figure_once",
                violation_error_message="Voor deze school, dit jaar en dit cijfer is al een "
                "waarde ingevoerd.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.school_year} {self.kind} {self.peildatum}: {self.value}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "ingediend", "Ingediend"
    VERIFIED = "geverifieerd", "Geverifieerd"
    APPROVED = "goedgekeurd", "Goedgekeurd"
    REFUSED = "afgewezen", "Afgewezen"
    PAID = "betaald", "Betaald"


CLAIM_DEADLINE = (10, 1)  # 1 oktober after the school year's 1 juni


class VangnetClaim(TenantOwned):
    """A school's declaratie for the inflow of one school year's 2 februari – 1 juni."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    school_year = models.PositiveSmallIntegerField("schooljaar")
    submitted_on = models.DateField("ontvangen op")
    amount_claimed = models.DecimalField("gedeclareerd bedrag (€)", max_digits=12, decimal_places=2)
    amount_computed = models.DecimalField(
        "berekend bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    figures = models.JSONField(
        "cijfers van de berekening",
        default=dict,
        blank=True,
        help_text="De aantallen en bedragen waarop de berekening steunde, zoals vastgelegd.",
    )
    status = models.CharField(
        "status", max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    verification_note = models.TextField("verificatie: verschillen en uitleg", blank=True)
    verified_on = models.DateField("geverifieerd op", null=True, blank=True)
    decision_reason = models.TextField("reden van het besluit", blank=True)
    decided_on = models.DateField("besloten op", null=True, blank=True)
    amount_approved = models.DecimalField(
        "goedgekeurd bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField("betaald op", null=True, blank=True)
    created_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    updated_by = _member("gewijzigd door")
    issued_documents = GenericRelation(
        "documents.IssuedDocument",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="vangnet_claim",
    )

    class Meta:
        verbose_name = "vangnetdeclaratie"
        verbose_name_plural = "vangnetdeclaraties"
        ordering = ["-school_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                name="vangnet_claim_once",
                violation_error_message="Deze school heeft voor dit schooljaar al een declaratie.",
            ),
        ]

    def __str__(self) -> str:
        return f"Vangnetdeclaratie {self.school_id} {self.school_year}-{self.school_year + 1}"

    @property
    def deadline(self) -> datetime.date:
        """1 oktober after the inflow's 1 juni."""
        return datetime.date(self.school_year + 1, *CLAIM_DEADLINE)

    @property
    def is_late(self) -> bool:
        return self.submitted_on > self.deadline

    @property
    def payment_year(self) -> int:
        """Paid in the calendar year after that of the inflow (2 februari – 1 juni)."""
        return self.school_year + 2


for model in (
    Begroting,
    BudgetLine,
    BudgetAmount,
    BegrotingApproval,
    FinanceSettings,
    Realisation,
    PrognosisOverride,
    VangnetFigure,
    VangnetClaim,
):
    auditlog.register(model, exclude_fields=["revision", "updated_at", "uid", "imported_at"])
