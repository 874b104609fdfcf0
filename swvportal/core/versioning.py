"""Versions and approval trails, for every document an SWV adopts (OSP, jaarplan, begroting, …).

* ``Versioned``: one row per version (4.0, 4.1, 5.0); versions of one document share a
  ``lineage``. ``next_version`` numbers and creates the concept copy; ``copy_parts`` copies the
  parts of a version (same ``uid``, so versions compare) and keeps who changed each part last.
* ``ApprovalStepBase``: one step of an approval trail (body, kind, date, outcome, note). Each
  version has its own trail: a new version starts with none, and a step of 4.0 never counts for
  4.1, not even a step that was once copied along (it keeps 4.0's ``uid``). The consent an adopted
  version rests on is fixed for good.

An app uses both by inheriting (``class Plan(TenantOwned, Versioned)``,
``class ApprovalStep(PlanItem, ApprovalStepBase)``); the fields are the same columns as before,
so moving a model onto them needs no migration.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from swvportal.tenancy.models import TenantOwned


class ApprovalBody(models.TextChoices):
    OPR = "opr", "Ondersteuningsplanraad (OPR)"
    RVT = "rvt", "Raad van toezicht (RvT)"
    ALV = "alv", "Algemene ledenvergadering (ALV)"
    OOGO = "oogo", "OOGO met gemeenten"
    FINANCE = "financiele_commissie", "Financiële commissie"


class ApprovalKind(models.TextChoices):
    ADVICE = "advies", "Advies"
    CONSENT = "instemming", "Instemming"
    APPROVAL = "goedkeuring", "Goedkeuring"


class ApprovalOutcome(models.TextChoices):
    POSITIVE = "positief", "Positief (verleend)"
    NEGATIVE = "negatief", "Negatief (geweigerd)"
    PENDING = "aangehouden", "Aangehouden"


# --- Concurrent edits ----------------------------------------------------------------------


class EditConflict(ValidationError):
    """Someone else saved the item since this person opened it. Carries the current version."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        who = getattr(current, "updated_by", None) or "iemand anders"
        when = date_format(timezone.localtime(current.updated_at), "j F Y \\o\\m H:i")
        super().__init__(
            f"Dit onderdeel is intussen gewijzigd door {who} ({when}). Uw wijziging is niet "
            "opgeslagen. Hieronder staat de nieuwe tekst; voer uw wijziging opnieuw in.",
            code="conflict",
        )


# --- Versions ------------------------------------------------------------------------------


class Versioned(models.Model):
    """One version of a document. The subclass says which fields a new version carries over
    (``version_carry``) and when a version is adopted (``is_adopted``: it is then read-only)."""

    lineage = models.UUIDField("reeks", default=uuid.uuid4, db_index=True)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="gebaseerd op versie",
    )
    version_major = models.PositiveSmallIntegerField("versie (hoofdnummer)", default=1)
    version_minor = models.PositiveSmallIntegerField("versie (subnummer)", default=0)

    version_carry: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @property
    def version(self) -> str:
        return f"{self.version_major}.{self.version_minor}"

    @property
    def is_adopted(self) -> bool:
        raise NotImplementedError("A versioned model says when a version is adopted.")

    def versions(self) -> models.QuerySet[Self]:
        """Every version of this document, this one included."""
        return type(self)._default_manager.filter(lineage=self.lineage)

    def next_version_numbers(self, *, major: bool) -> tuple[int, int]:
        """4.0 → 4.1 (or 5.0 with ``major``); a minor number already taken is skipped (4.0 → 4.2
        when 4.1 exists), and a major one follows the highest of the lineage."""
        versions = self.versions()
        if major:
            return versions.aggregate(m=Max("version_major"))["m"] + 1, 0
        minor = versions.filter(version_major=self.version_major).aggregate(m=Max("version_minor"))[
            "m"
        ]
        return self.version_major, minor + 1

    def next_version(self, *, major: bool = False, **fields: Any) -> Self:
        """Create the next version: same lineage, based on this one, with ``version_carry``
        copied and ``fields`` set (e.g. the concept status)."""
        version_major, version_minor = self.next_version_numbers(major=major)
        carried = {name: getattr(self, name) for name in self.version_carry}
        return type(self)._default_manager.create(
            lineage=self.lineage,
            based_on=self,
            version_major=version_major,
            version_minor=version_minor,
            **carried,
            **fields,
        )


def copy_parts(
    queryset: Iterable[models.Model],
    *,
    to: Versioned,
    link: str,
    parent: Callable[[Any], dict[str, Any]] | None = None,
) -> dict[uuid.UUID, models.Model]:
    """Copy the parts of one version onto ``to`` (``link`` is their FK to the version). Each part
    keeps its ``uid`` (versions compare by it), starts at revision 1 and keeps who changed it
    last and when: copying is not a change of the text. ``parent`` gives the copy's other FKs
    (a doel's copied pijler). Returns the copies by ``uid``."""
    copies: dict[uuid.UUID, models.Model] = {}
    for item in queryset:
        original_uid, changed_at = item.uid, item.updated_at
        extra = parent(item) if parent else {}
        item.pk = None
        item.id = None
        item._state.adding = True
        setattr(item, link, to)
        item.revision = 1
        for field, value in extra.items():
            setattr(item, field, value)
        item.save()  # one by one: the audit log records each copy
        item.updated_at = changed_at
        copies[original_uid] = item
    if copies:  # bulk_update skips auto_now, so the original moment stays
        model = type(next(iter(copies.values())))
        model._default_manager.bulk_update(copies.values(), ["updated_at"], batch_size=500)
    return copies


class VersionPart(TenantOwned):
    """A part of one version of a document (a plan's chapter, a jaarplan's activity, a budget
    line): ordered, identifiable across versions (``uid``), conflict-aware (``revision``). The
    subclass adds the FK to its version."""

    position = models.PositiveSmallIntegerField("volgorde", default=0)
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="gewijzigd door",
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


# --- Approval trails -----------------------------------------------------------------------


class ApprovalStepBase(models.Model):
    """One step of a version's approval trail: which body, what kind, when, with what outcome.

    The subclass names its FK to the version in ``version_link``. A step that a version copy
    once carried along is recognised by its ``uid`` (when the model has one): it was given to
    the earlier version and never counts for this one.
    """

    body = models.CharField("orgaan", max_length=30, choices=ApprovalBody.choices)
    kind = models.CharField("soort", max_length=20, choices=ApprovalKind.choices)
    date = models.DateField("datum")
    outcome = models.CharField("uitkomst", max_length=20, choices=ApprovalOutcome.choices)
    note = models.TextField("toelichting", blank=True)

    version_link: ClassVar[str] = "version"
    # The step a version cannot be adopted without (the law's OPR instemming, for the OSP).
    required_consent: ClassVar[tuple[str, str]] = (ApprovalBody.OPR, ApprovalKind.CONSENT)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.get_kind_display()} ({self.date:%d-%m-%Y})"

    @property
    def is_required_consent(self) -> bool:
        return (
            self.body,
            self.kind,
        ) == self.required_consent and self.outcome == ApprovalOutcome.POSITIVE

    @property
    def is_opr_consent(self) -> bool:
        return self.is_required_consent

    @classmethod
    def trail(cls, version: Versioned | None) -> models.QuerySet[Self]:
        """All steps recorded on ``version`` (its history, as pages show it)."""
        if version is None:
            return cls._default_manager.none()
        return cls._default_manager.filter(**{cls.version_link: version})

    @classmethod
    def own_trail(cls, version: Versioned) -> models.QuerySet[Self]:
        """The steps that count for ``version``: its own, none carried over from another."""
        steps = cls.trail(version)
        if not any(f.name == "uid" for f in cls._meta.get_fields()):
            return steps  # without uids nothing was ever carried along
        others = cls._default_manager.filter(
            **{f"{cls.version_link}__lineage": version.lineage}
        ).exclude(**{cls.version_link: version})
        return steps.exclude(uid__in=others.values("uid"))

    @classmethod
    def consent_for(cls, version: Versioned) -> Self | None:
        """The required consent given to *this* version, or None."""
        return next((s for s in cls.own_trail(version) if s.is_required_consent), None)

    def is_ground_of(self, version: Versioned) -> bool:
        """The consent an adopted version rests on: fixed for good; pages offer no action."""
        return version.is_adopted and self.is_required_consent
