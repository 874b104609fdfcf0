"""A TLV request (aanvraag) to the Loket: the request itself, the questions back to the school,
the documents of its dossier, and the two deskundigenadviezen.

A request is a pupil record: it belongs to the requesting school and a pseudonymous ``Pupil``,
and its free texts and documents are erased after the tenant's term.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from swvportal.core.pupils import PupilRecord
from swvportal.tenancy.models import School, TenantOwned

from .loket_base import (
    OPEN_STATUSES,
    AdviceConclusion,
    Category,
    Cluster,
    Deskundige,
    DocumentKind,
    RequestStatus,
    TlvKind,
)
from .pupils import OppRegistration, Pupil

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
