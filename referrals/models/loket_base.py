"""The Loket's vocabulary (choices), the tenant's rules for it (``LoketSettings``), the yearly
amounts per category, and its deskundigen. The requests are in ``loket_requests``, the
decisions and what follows them in ``loket_decisions``; ``loket`` is the face of all three.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from swvportal.accounts.models import Membership
from swvportal.tenancy.models import School, TenantOwned

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
