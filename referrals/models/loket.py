"""The Loket (domain.md §5): TLV requests, their dossier, two deskundigenadviezen, the meeting,
the decision and its letter, objections, expiry and referrals.

A request (``TlvRequest``) is a pupil record: it belongs to the requesting school and a
pseudonymous ``Pupil``, and its free texts and documents are erased after the tenant's term.
The decision (``TlvDecision``) is the lasting fact: it is never changed (a correction is a new
decision that replaces it) and its row stays, anonymised, so the counts stay right.

Rules live in ``referrals.loket`` (one module per part of the workflow); this module holds the
data and the few facts that follow from one row alone.
"""

from __future__ import annotations

import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from swvportal.accounts.models import Membership
from swvportal.core.pupils import PupilRecord
from swvportal.tenancy.models import School, TenantOwned

from .pupils import OppRegistration, Pupil

# --- Choices ------------------------------------------------------------------------------------


class TlvKind(models.TextChoices):
    VSO = "vso", "TLV voortgezet speciaal onderwijs (VSO)"
    PRO = "pro", "TLV praktijkonderwijs (PrO)"
    LWOO = "lwoo", "Leerwegondersteunend onderwijs (LWOO)"


class Cluster(models.IntegerChoices):
    THREE = 3, "Cluster 3"
    FOUR = 4, "Cluster 4"


class Category(models.TextChoices):
    """The bekostigingscategorie of a VSO TLV (DUO: 1, 2, 3)."""

    LOW = "laag", "Laag (categorie 1)"
    MIDDLE = "midden", "Midden (categorie 2)"
    HIGH = "hoog", "Hoog (categorie 3)"


class RequestStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    SUBMITTED = "ingediend", "Ingediend"
    IN_REVIEW = "in_behandeling", "In behandeling"
    SUPPLEMENT = "aanvulling", "Aanvulling gevraagd"
    DECIDED = "besluit", "Besluit genomen"
    CLOSED = "afgerond", "Afgerond"
    WITHDRAWN = "ingetrokken", "Ingetrokken"


# Where the handling clock runs (paused while the school supplements the dossier).
OPEN_STATUSES = (
    RequestStatus.CONCEPT,
    RequestStatus.SUBMITTED,
    RequestStatus.IN_REVIEW,
    RequestStatus.SUPPLEMENT,
)


class Discipline(models.TextChoices):
    ORTHOPEDAGOOG = "orthopedagoog", "Orthopedagoog"
    PSYCHOLOOG = "psycholoog", "Psycholoog"
    KINDER_JEUGDPSYCHOLOOG = "kinder_jeugdpsycholoog", "Kinder- en jeugdpsycholoog"
    PEDAGOOG = "pedagoog", "Pedagoog"
    KINDERPSYCHIATER = "kinderpsychiater", "Kinderpsychiater"
    MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", "Maatschappelijk werker"
    JEUGDARTS = "jeugdarts", "Jeugdarts"
    OTHER = "anders", "Andere deskundige"


class AdviceConclusion(models.TextChoices):
    ADMISSIBLE = "toelaatbaar", "Toelaatbaar"
    NOT_ADMISSIBLE = "niet_toelaatbaar", "Niet toelaatbaar"
    MORE_RESEARCH = "aanvullend_onderzoek", "Aanvullend onderzoek nodig"


class DecisionOutcome(models.TextChoices):
    GRANTED = "toegekend", "Toegekend"
    REFUSED = "afgewezen", "Afgewezen"


class DurationRule(models.TextChoices):
    END_OF_SCHOOL_YEAR = (
        "einde_schooljaar",
        "Tot 31 juli van het schooljaar waarin de periode eindigt",
    )
    SCHOOL_YEARS = "schooljaren", "Een aantal hele schooljaren"


class DocumentKind(models.TextChoices):
    OPP = "opp", "Ontwikkelingsperspectiefplan (OPP)"
    PARENTS_VIEW = "zienswijze", "Zienswijze van de ouders"
    CONSENT = "toestemming", "Toestemming van de ouders"
    RESEARCH = "onderzoek", "Onderzoeksverslag (IQ, DLE)"
    INTEGRATED = "integratief_beeld", "Integratief beeld"
    SUPPLEMENT = "aanvulling", "Aanvulling op verzoek van het Loket"
    OTHER = "overig", "Overig"


class AgendaOutcome(models.TextChoices):
    DECIDED = "besloten", "Besloten"
    POSTPONED = "aangehouden", "Aangehouden"
    SUPPLEMENT = "aanvulling", "Aanvulling gevraagd"


class ObjectionStage(models.TextChoices):
    RECEIVED = "ontvangen", "Ontvangen"
    ADVICE_ASKED = "advies_gevraagd", "Advies gevraagd aan de commissie"
    HEARING = "hoorzitting", "Hoorzitting"
    DECIDED = "beslist", "Beslissing op bezwaar"


class ObjectionOutcome(models.TextChoices):
    WELL_FOUNDED = "gegrond", "Gegrond"
    UNFOUNDED = "ongegrond", "Ongegrond"
    INADMISSIBLE = "niet_ontvankelijk", "Niet-ontvankelijk"


# --- Tenant settings ----------------------------------------------------------------------------


def _default_first_disciplines() -> list[str]:
    return [Discipline.ORTHOPEDAGOOG, Discipline.PSYCHOLOOG]


def _default_second_disciplines() -> list[str]:
    return [d for d in Discipline.values if d != Discipline.OTHER]


def _default_required_documents() -> dict[str, list[str]]:
    """Per kind of request, the dossier items that must be present before submitting."""
    return {
        TlvKind.VSO: [DocumentKind.OPP, DocumentKind.PARENTS_VIEW],
        TlvKind.PRO: [DocumentKind.RESEARCH, DocumentKind.PARENTS_VIEW],
        TlvKind.LWOO: [DocumentKind.RESEARCH],
    }


OBJECTION_COMMITTEE = (
    "de Landelijke Bezwaaradviescommissie Toelaatbaarheidsverklaringen (LBT) "
    "van Onderwijsgeschillen"
)


class LoketSettings(TenantOwned):
    """The tenant's own rules for the Loket (domain.md §5: tenant settings), with RefSVO's and the
    national defaults."""

    # The request
    lwoo_enabled = models.BooleanField("het Loket beslist ook over LWOO", default=False)
    opp_required_for_vso = models.BooleanField(
        "een OPP is verplicht bij een VSO-aanvraag", default=True
    )
    required_documents = models.JSONField(
        "verplichte stukken per soort aanvraag", default=_default_required_documents, blank=True
    )
    max_upload_mb = models.PositiveSmallIntegerField(
        "grootste bestand (MB)",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    handling_weeks = models.PositiveSmallIntegerField(
        "behandeltermijn (weken na indienen)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    # PrO and LWOO criteria (advice on the page, never the decision): national defaults.
    pro_iq_min = models.PositiveSmallIntegerField("PrO: IQ vanaf", default=55)
    pro_iq_max = models.PositiveSmallIntegerField("PrO: IQ tot en met", default=80)
    pro_dle_below = models.PositiveSmallIntegerField("PrO: DLE lager dan", default=30)
    lwoo_dle_min = models.PositiveSmallIntegerField("LWOO: DLE vanaf", default=30)
    lwoo_dle_max = models.PositiveSmallIntegerField("LWOO: DLE tot en met", default=45)
    criteria_min_domains = models.PositiveSmallIntegerField(
        "op ten minste zoveel domeinen", default=2
    )
    # The deskundigen
    first_disciplines = models.JSONField(
        "disciplines van de eerste deskundige", default=_default_first_disciplines
    )
    second_disciplines = models.JSONField(
        "disciplines van de tweede deskundige", default=_default_second_disciplines
    )
    first_may_work_at_school = models.BooleanField(
        "de eerste deskundige mag werken op de aanvragende school", default=False
    )
    second_may_work_at_school = models.BooleanField(
        "de tweede deskundige mag werken op de aanvragende school", default=False
    )
    advice_visible_before_own = models.BooleanField(
        "een deskundige ziet het andere advies al voor het eigen advies is ingediend",
        default=False,
    )
    # The decision
    duration_rule = models.CharField(
        "looptijd van een TLV",
        max_length=20,
        choices=DurationRule.choices,
        default=DurationRule.END_OF_SCHOOL_YEAR,
    )
    duration_years = models.PositiveSmallIntegerField(
        "looptijd in schooljaren",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Bij 'einde schooljaar': ten minste zoveel jaar; bij 'schooljaren': het aantal.",
    )
    objection_committee = models.CharField(
        "bezwaarcommissie", max_length=200, default=OBJECTION_COMMITTEE
    )
    objection_address = models.TextField(
        "bezwaar richten aan",
        blank=True,
        help_text="Naam en adres waar ouders hun bezwaarschrift heen sturen.",
    )
    letter_signatory = models.CharField(
        "ondertekening van de besluitbrief", max_length=200, blank=True
    )
    # Expiry, money, retention
    expiry_notice_months = models.PositiveSmallIntegerField(
        "aflopende TLV's melden (maanden vooraf)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    charge_cluster_3_to_school = models.BooleanField(
        "kosten van cluster 3 voor de verwijzende school", default=False
    )
    charge_cluster_4_to_school = models.BooleanField(
        "kosten van cluster 4 voor de verwijzende school", default=True
    )
    retention_years = models.PositiveSmallIntegerField(
        "bewaartermijn dossier (jaren na einde TLV of definitieve afwijzing)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = "instellingen van het Loket"
        verbose_name_plural = "instellingen van het Loket"
        constraints = [models.UniqueConstraint(fields=["tenant"], name="loket_settings_once")]

    def __str__(self) -> str:
        return "Instellingen van het Loket"


class CategoryAmount(TenantOwned):
    """What one TLV of a category costs per year (a yearly parameter, per calendar year)."""

    year = models.PositiveSmallIntegerField(
        "kalenderjaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField("soort", max_length=10, choices=TlvKind.choices, default=TlvKind.VSO)
    category = models.CharField("categorie", max_length=10, choices=Category.choices, blank=True)
    amount = models.DecimalField(
        "bedrag per leerling per jaar (€)", max_digits=10, decimal_places=2
    )

    class Meta:
        verbose_name = "bedrag per categorie"
        verbose_name_plural = "bedragen per categorie"
        ordering = ["-year", "kind", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year", "kind", "category"],
                name="category_amount_once",
                violation_error_message="Voor dit jaar en deze categorie is al een bedrag.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display() or self.get_kind_display()} {self.year}"


# --- Deskundigen --------------------------------------------------------------------------------


class Deskundige(TenantOwned):
    """A deskundige of this tenant's Loket: a member with the ``deskundige`` role, their
    discipline and the schools they work at (the independence check reads both)."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="deskundige", verbose_name="lid"
    )
    discipline = models.CharField("discipline", max_length=30, choices=Discipline.choices)
    discipline_other = models.CharField(
        "andere discipline", max_length=100, blank=True, help_text="Alleen bij 'Andere deskundige'."
    )
    registration = models.CharField("registratie (BIG, NIP, NVO)", max_length=60, blank=True)
    schools = models.ManyToManyField(
        School, blank=True, related_name="+", verbose_name="werkt op deze scholen"
    )
    active = models.BooleanField("beschikbaar voor nieuwe aanvragen", default=True)

    class Meta:
        verbose_name = "deskundige"
        verbose_name_plural = "deskundigen"
        ordering = ["membership__user__last_name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.discipline_label})"

    @property
    def name(self) -> str:
        user = self.membership.user
        return user.get_full_name() or user.email

    @property
    def discipline_label(self) -> str:
        if self.discipline == Discipline.OTHER and self.discipline_other:
            return self.discipline_other
        return self.get_discipline_display()


# --- The request --------------------------------------------------------------------------------

# Free text about the pupil: erased after the term (the documents are deleted too).
REQUEST_ANONYMISED_FIELDS = (
    "integrated_picture",
    "steps_taken",
    "parents_view",
    "parents_consent_by",
    "receiving_school_name",
    "iq_test",
)
DLE_FIELDS = ("dle_technical_reading", "dle_reading_comprehension", "dle_spelling", "dle_maths")


def _dle_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        f"DLE {label}", null=True, blank=True, validators=[MaxValueValidator(60)]
    )


class TlvRequest(PupilRecord):
    """A request (aanvraag) to the Loket by the requesting school (``school``)."""

    anonymise_fields = REQUEST_ANONYMISED_FIELDS
    # Set by the services: the end date of the granted TLV, or the day a refusal became final
    # (or the request was withdrawn). Open requests have none and are kept.
    retention_from = ("retention_from_date",)

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="tlv_requests", verbose_name="leerling"
    )
    reference = models.CharField("kenmerk", max_length=20, blank=True)
    kind = models.CharField("soort", max_length=10, choices=TlvKind.choices)
    cluster = models.PositiveSmallIntegerField(
        "cluster", choices=Cluster.choices, null=True, blank=True
    )
    requested_category = models.CharField(
        "gevraagde categorie", max_length=10, choices=Category.choices, blank=True
    )
    extends = models.ForeignKey(
        "TlvDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension_requests",
        verbose_name="verlenging van",
    )
    receiving_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beoogde school (binnen het samenwerkingsverband)",
    )
    receiving_school_name = models.CharField(
        "beoogde school (buiten het samenwerkingsverband)", max_length=200, blank=True
    )
    requested_start = models.DateField("gewenste ingangsdatum", null=True, blank=True)
    integrated_picture = models.TextField("integratief beeld", blank=True)
    steps_taken = models.TextField("wat de school al heeft gedaan", blank=True)
    opp = models.ForeignKey(
        OppRegistration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tlv_requests",
        verbose_name="OPP",
    )
    parents_view = models.TextField("zienswijze van de ouders", blank=True)
    parents_consent_on = models.DateField("toestemming ouders op", null=True, blank=True)
    parents_consent_by = models.CharField("toestemming gegeven door", max_length=100, blank=True)
    # PrO and LWOO: the test data
    iq_total = models.PositiveSmallIntegerField(
        "totaal-IQ",
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(160)],
    )
    iq_test = models.CharField("IQ-test", max_length=100, blank=True)
    iq_tested_on = models.DateField("IQ getest op", null=True, blank=True)
    dle_technical_reading = _dle_field("technisch lezen")
    dle_reading_comprehension = _dle_field("begrijpend lezen")
    dle_spelling = _dle_field("spellen")
    dle_maths = _dle_field("inzichtelijk rekenen")
    # The workflow
    status = models.CharField(
        "status", max_length=20, choices=RequestStatus.choices, default=RequestStatus.CONCEPT
    )
    submitted_on = models.DateField("ingediend op", null=True, blank=True)
    review_started_on = models.DateField("in behandeling genomen op", null=True, blank=True)
    decided_on = models.DateField("besloten op", null=True, blank=True)
    closed_on = models.DateField("afgerond op", null=True, blank=True)
    withdrawn_on = models.DateField("ingetrokken op", null=True, blank=True)
    retention_from_date = models.DateField("bewaartermijn telt vanaf", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "TLV-aanvraag"
        verbose_name_plural = "TLV-aanvragen"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=TlvKind.VSO) | Q(cluster__isnull=False),
                name="tlv_request_vso_has_cluster",
                violation_error_message="Kies bij een VSO-aanvraag cluster 3 of 4.",
            ),
            # The reference is given on submitting ("TLV-2026-0007"); a concept has none yet.
            models.UniqueConstraint(
                fields=["tenant", "reference"],
                condition=~Q(reference=""),
                name="tlv_request_reference_once",
                violation_error_message="Dit kenmerk is al gebruikt.",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status"], name="tlv_request_status"),
            models.Index(fields=["tenant", "school", "status"], name="tlv_request_school"),
        ]

    def __str__(self) -> str:
        return f"Aanvraag {self.reference or self.pk}: {self.kind_label}"

    @property
    def kind_label(self) -> str:
        if self.kind == TlvKind.VSO and self.cluster:
            return f"VSO cluster {self.cluster}"
        return {TlvKind.PRO: "PrO", TlvKind.LWOO: "LWOO"}.get(self.kind, self.get_kind_display())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_extension(self) -> bool:
        return self.extends_id is not None

    @property
    def receiving_school_label(self) -> str:
        if self.receiving_school_id:
            return self.receiving_school.name
        return self.receiving_school_name

    def dle_scores(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in DLE_FIELDS}

    def anonymise(self, *, now: datetime.datetime) -> None:
        """After the term: the dossier's files and the free texts around the request go too;
        the decision row stays (anonymised itself) so the counts stay right."""
        from ..services.loket_dossier import dossier_erase

        dossier_erase(tlv=self)
        super().anonymise(now=now)


class SupplementRequest(TenantOwned):
    """A question back to the school (aanvulling gevraagd): the handling clock pauses from
    ``asked_on`` until ``answered_on``."""

    audit_sensitive = True

    request = models.ForeignKey(
        TlvRequest, on_delete=models.CASCADE, related_name="supplements", verbose_name="aanvraag"
    )
    asked_on = models.DateField("gevraagd op")
    question = models.TextField("wat het Loket vraagt")
    answered_on = models.DateField("beantwoord op", null=True, blank=True)
    answer = models.TextField("antwoord van de school", blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "gevraagde aanvulling"
        verbose_name_plural = "gevraagde aanvullingen"
        ordering = ["asked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(answered_on__isnull=True),
                name="supplement_one_open",
                violation_error_message="Er staat al een vraag om aanvulling open.",
            )
        ]

    def __str__(self) -> str:
        return f"Aanvulling gevraagd op {self.asked_on:%d-%m-%Y}"


def private_storage():
    """Dossier files: a storage outside the public media (``STORAGES["private"]``)."""
    from django.core.files.storage import storages

    return storages["private"]


def dossier_path(instance: DossierDocument, filename: str) -> str:
    # The stored name says nothing about the pupil or the file's own name.
    return f"loket/{instance.tenant_id}/{instance.request_id}/{instance.sha256[:16]}.bin"


class DossierDocument(TenantOwned):
    """A file in a request's dossier, in private storage (never under a public URL)."""

    audit_sensitive = True

    request = models.ForeignKey(
        TlvRequest, on_delete=models.CASCADE, related_name="documents", verbose_name="aanvraag"
    )
    kind = models.CharField("soort stuk", max_length=20, choices=DocumentKind.choices)
    file = models.FileField(
        "bestand", upload_to=dossier_path, storage=private_storage, max_length=300
    )
    original_name = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField("soort bestand", max_length=100)
    size = models.PositiveIntegerField("grootte (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="geüpload door",
    )
    uploaded_at = models.DateTimeField("geüpload op", auto_now_add=True)
    # Added while the school answers this question of the Loket: it may still be removed until
    # the school sends the dossier back (before that, only a concept's documents may).
    supplement = models.ForeignKey(
        SupplementRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="toegevoegd bij de aanvulling",
    )

    class Meta:
        verbose_name = "stuk in het dossier"
        verbose_name_plural = "stukken in het dossier"
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class Advice(TenantOwned):
    """One deskundige's advice on one request: assigned by the Loket (position 1 or 2), written
    and signed by that person alone."""

    audit_sensitive = True

    request = models.ForeignKey(
        TlvRequest, on_delete=models.CASCADE, related_name="advices", verbose_name="aanvraag"
    )
    deskundige = models.ForeignKey(
        Deskundige, on_delete=models.PROTECT, related_name="advices", verbose_name="deskundige"
    )
    position = models.PositiveSmallIntegerField(
        "eerste of tweede deskundige", choices=[(1, "Eerste deskundige"), (2, "Tweede deskundige")]
    )
    assigned_on = models.DateField("toegewezen op")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    no_involvement_declared_on = models.DateField(
        "verklaard niet betrokken bij de leerling op", null=True, blank=True
    )
    # A joint advice by a committee does not count as one of the two (domain.md §5).
    personal = models.BooleanField("advies van deze deskundige alleen", default=False)
    conclusion = models.CharField(
        "conclusie", max_length=25, choices=AdviceConclusion.choices, blank=True
    )
    advised_category = models.CharField(
        "geadviseerde categorie", max_length=10, choices=Category.choices, blank=True
    )
    reasoning = models.TextField("onderbouwing", blank=True)
    advised_on = models.DateField("datum advies", null=True, blank=True)
    submitted_at = models.DateTimeField("ingediend op", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "deskundigenadvies"
        verbose_name_plural = "deskundigenadviezen"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"],
                name="advice_one_per_position",
                violation_error_message="Deze aanvraag heeft al een deskundige op deze plaats.",
            ),
            models.UniqueConstraint(
                fields=["request", "deskundige"],
                name="advice_two_different_people",
                violation_error_message="Dezelfde deskundige kan niet beide adviezen geven.",
            ),
        ]

    def __str__(self) -> str:
        return f"Advies {self.position} bij aanvraag {self.request_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


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


for _model in (
    LoketSettings,
    CategoryAmount,
    Deskundige,
    TlvRequest,
    SupplementRequest,
    DossierDocument,
    Advice,
    LoketMeeting,
    AgendaItem,
    TlvDecision,
    Objection,
    ExternalReferral,
    FutureConversation,
):
    auditlog.register(_model, exclude_fields=["revision", "updated_at"])
