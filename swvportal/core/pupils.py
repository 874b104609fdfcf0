"""Pupil records: the abstract base of every record about one pupil, and their retention.

A pupil record (a thuiszitter registration, an OPP, later a TLV request) belongs to a school and
a pseudonymous pupil (``settings.PUPIL_MODEL``), carries a revision against lost updates, and is
anonymised once its retention term has passed (domain.md §11). Each record type declares what
identifies a pupil (``anonymise_fields``) and from which dates its term counts
(``retention_from``); its app registers it with ``register_retention_type`` from its own
``portal.py``. The nightly task (``swvportal.core.tasks``) loops over that registry, so
a new record type needs no central list.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from swvportal.core.schoolyear import add_years
from swvportal.tenancy.models import School, Tenant, TenantOwned


class RetainedRecord(TenantOwned):
    """Abstract: a record with personal data that is anonymised after its term.

    A pupil record is one (below); so is a steunpunt contact, which names no pupil. Its fields
    ``anonymise_fields`` are emptied, and its term counts from the latest of ``retention_from``.
    """

    audit_sensitive = True  # personal data: the tenant-wide log hides its values

    anonymised_at = models.DateTimeField("geanonimiseerd op", null=True, blank=True)

    # Free text that may identify a person: emptied on anonymisation.
    anonymise_fields: ClassVar[tuple[str, ...]] = ()
    # The term counts from the latest of these dates; a record with none of them set (an open
    # registration) is kept.
    retention_from: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def retention_starts_on(self) -> datetime.date | None:
        dates = [d for d in (getattr(self, name) for name in self.retention_from) if d]
        return max(dates, default=None)

    @classmethod
    def retention_expired(cls, cutoff: datetime.date) -> Q:
        """The records whose term started before ``cutoff``, as one filter.

        "The latest date set lies before the cutoff" is "every date set does, and one is set":
        that form the database can evaluate without a per-row maximum over nullable columns.
        """
        every_before = Q()
        for name in cls.retention_from:
            every_before &= Q(**{f"{name}__lt": cutoff}) | Q(**{f"{name}__isnull": True})
        one_set = reduce(or_, (Q(**{f"{name}__isnull": False}) for name in cls.retention_from))
        return every_before & one_set

    def anonymise(self, *, now: datetime.datetime) -> None:
        """Empty what identifies the person; what counts in the figures stays."""
        for name in self.anonymise_fields:
            setattr(self, name, self._meta.get_field(name).get_default())
        self.anonymised_at = now
        touched = [f.name for f in self._meta.concrete_fields if getattr(f, "auto_now", False)]
        self.save(update_fields=[*self.anonymise_fields, "anonymised_at", *touched])


class PupilRecord(RetainedRecord):
    """Abstract: a record about one pupil of one school, anonymised after its term.

    Subclasses may redeclare ``pupil`` to name the reverse relation (``pupil.absences``).
    """

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name="school"
    )
    pupil = models.ForeignKey(
        settings.PUPIL_MODEL, on_delete=models.PROTECT, verbose_name="leerling"
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"tenant_id": self.tenant_id, "school_id": self.school_id}


# --- The retention registry ---------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionType:
    """One registered record type: its model and the tenant's term for it, in years."""

    model: type[RetainedRecord]
    term_years: Callable[[Tenant], int]
    # Runs just before a record is anonymised, in the same transaction: what the record's app
    # keeps elsewhere about it (its files, the texts of rows around it) goes too.
    erase: Callable[[RetainedRecord], object] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label


_types: dict[str, RetentionType] = {}


def register_retention_type(
    model: type[RetainedRecord],
    *,
    term_years: Callable[[Tenant], int],
    erase: Callable[[RetainedRecord], object] | None = None,
) -> None:
    """Called from the owning app's ``portal.py``. Registering a model again replaces it."""
    if not (isinstance(model, type) and issubclass(model, RetainedRecord)) or model._meta.abstract:
        raise ImproperlyConfigured(f"{model!r} is geen concreet RetainedRecord-model.")
    if not model.retention_from:
        raise ImproperlyConfigured(f"{model._meta.label} noemt geen retention_from-datums.")
    _types[model._meta.label] = RetentionType(model=model, term_years=term_years, erase=erase)


def retention_types() -> tuple[RetentionType, ...]:
    """The registered types, in the order they were registered (the order they are processed)."""
    return tuple(_types.values())


# --- Anonymising --------------------------------------------------------------------------------


def years_before(day: datetime.date, years: int) -> datetime.date:
    return add_years(day, -years)


@transaction.atomic
def pupil_records_anonymise(*, tenant: Tenant, today: datetime.date | None = None) -> int:
    """Anonymise every registered record of the tenant past its term. Idempotent; returns how many.

    Then the pupils: a pupil loses its number once no registered record of it, of any type, is
    still within its term.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    count = 0
    for kind in retention_types():
        cutoff = years_before(today, kind.term_years(tenant))
        expired = kind.model.objects.filter(tenant=tenant, anonymised_at__isnull=True).filter(
            kind.model.retention_expired(cutoff)
        )
        for record in expired.select_for_update():
            if kind.erase is not None:
                kind.erase(record)
            record.anonymise(now=now)
            count += 1
    _anonymise_pupils_without_live_records(tenant)
    return count


def _anonymise_pupils_without_live_records(tenant: Tenant) -> None:
    """Pupils with records, all of them anonymised, lose their number.

    The pupil model provides ``anonymised_filter()`` (a Q for pupils already done) and
    ``anonymise()``.

    Exists subqueries per type, not a join over the relations: with a join, a pupil without any
    record of one type looks as if it had a live one.
    """
    models_ = [kind.model for kind in retention_types() if issubclass(kind.model, PupilRecord)]
    if not models_:
        return
    pupil_model = apps.get_model(settings.PUPIL_MODEL)
    any_record = reduce(or_, (Exists(m.objects.filter(pupil=OuterRef("pk"))) for m in models_))
    candidates = pupil_model.objects.filter(tenant=tenant).filter(any_record)
    for model in models_:
        live = model.objects.filter(pupil=OuterRef("pk"), anonymised_at__isnull=True)
        candidates = candidates.exclude(Exists(live))
    for pupil in candidates.exclude(pupil_model.anonymised_filter()):
        pupil.anonymise()
