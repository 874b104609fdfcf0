"""Writes on pupil-level records. Every rule of domain.md §6 and §7 that concerns writing.

* A registration ends on or after its start; a closed one needs an outcome.
* A pupil has at most one open thuiszitter registration.
* A vrijstelling names its legal ground.
* Relatief verzuim counts as thuiszitten only from 4 weeks (``AbsenceRegistration``).
* Two people editing one record: the second save is refused (revisions), not silently lost.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from swvportal.audit.services import log_created
from swvportal.core.forms import check_date_range
from swvportal.core.pupils import pupil_records_anonymise
from swvportal.tenancy.models import School, Tenant

from ..models import (
    DEFAULT_REQUIRED_FIELDS,
    OPP_DATE_FIELDS,
    AbsenceKind,
    AbsenceRegistration,
    OppRegistration,
    Partner,
    Pupil,
    RegistrationSettings,
    SchoolConversation,
)

PUPIL_FIELDS = ("pupil_number", "birth_year", "initials")


def registration_settings(tenant: Tenant) -> RegistrationSettings:
    found = RegistrationSettings.objects.filter(tenant=tenant).first()
    return found or RegistrationSettings(tenant=tenant, required_fields=DEFAULT_REQUIRED_FIELDS)


REQUIRABLE_FIELDS = ("reason_category", "partners", "plan", "last_contact_date")


@transaction.atomic
def settings_update(
    *, tenant: Tenant, required_fields: list[str], retention_years: int, by=None
) -> RegistrationSettings:
    """The tenant's registration rules. Retention: 1 to 10 years after closing."""
    unknown = [f for f in required_fields if f not in REQUIRABLE_FIELDS]
    if unknown:
        raise ValidationError({"required_fields": f"Onbekende velden: {', '.join(unknown)}."})
    if not 1 <= retention_years <= 10:
        raise ValidationError({"retention_years": "Kies een bewaartermijn van 1 tot 10 jaar."})
    current = registration_settings(tenant)
    current.required_fields = [f for f in REQUIRABLE_FIELDS if f in required_fields]
    current.retention_years = retention_years
    current.save()
    return current


def pupil_for(*, school: School, pupil_number: str, birth_year: int, initials: str = "") -> Pupil:
    """The school's pupil with this number, created when new. A known number must match."""
    number = (pupil_number or "").strip()
    _check_pupil_number(number, birth_year)
    known = Pupil.objects.filter(school=school, pupil_number=number).first()
    pupil = _pupil(
        school=school, known=known, pupil_number=number, birth_year=birth_year, initials=initials
    )
    if pupil.pk is None:
        pupil.full_clean()
        pupil.save()
    return pupil


def _check_pupil_number(pupil_number: str, birth_year: int | None) -> None:
    if not pupil_number:
        raise ValidationError({"pupil_number": "Vul het leerlingnummer van de school in."})
    this_year = timezone.localdate().year
    if not this_year - 25 <= (birth_year or 0) <= this_year - 3:
        raise ValidationError(
            {"birth_year": f"Vul een geboortejaar tussen {this_year - 25} en {this_year - 3} in."}
        )


def _pupil(
    *, school: School, known: Pupil | None, pupil_number: str, birth_year: int, initials: str
) -> Pupil:
    """``known``, if its birth year matches, or a new pupil (unsaved)."""
    if known is None:
        return Pupil(
            tenant=school.tenant,
            school=school,
            pupil_number=pupil_number,
            birth_year=birth_year,
            initials=(initials or "").strip(),
        )
    if known.birth_year != birth_year:
        raise ValidationError(
            {
                "birth_year": (
                    f"Leerlingnummer {pupil_number} is bij deze school bekend met geboortejaar "
                    f"{known.birth_year}. Controleer het nummer of het geboortejaar."
                )
            }
        )
    return known


def _check_absence(registration: AbsenceRegistration, others: list | None = None) -> None:
    """The rules of §6; ``others`` are the pupil's other registrations (read here when None)."""
    if others is None:
        others = list(
            AbsenceRegistration.objects.filter(pupil_id=registration.pupil_id).exclude(
                pk=registration.pk
            )
        )
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if registration.start_date and registration.start_date > today:
        errors.setdefault("start_date", []).append("De begindatum ligt in de toekomst.")
    if (
        registration.end_date
        and registration.start_date
        and registration.end_date < registration.start_date
    ):
        errors.setdefault("end_date", []).append("De einddatum ligt voor de begindatum.")
    if registration.end_date and registration.end_date > today:
        errors.setdefault("end_date", []).append("De einddatum ligt in de toekomst.")
    if registration.end_date and not registration.outcome:
        errors.setdefault("outcome", []).append(
            "Een afgesloten registratie heeft een uitkomst: waar gaat de leerling nu naartoe?"
        )
    if registration.kind == AbsenceKind.EXEMPTION and not registration.legal_ground.strip():
        errors.setdefault("legal_ground", []).append(
            "Vul de wettelijke grond van de vrijstelling in, bijvoorbeeld 'Leerplichtwet art. 5 "
            "onder a'."
        )
    if registration.last_contact_date and registration.last_contact_date > today:
        errors.setdefault("last_contact_date", []).append("Deze datum ligt in de toekomst.")
    unknown = [p for p in registration.partners or [] if p not in Partner.values]
    if unknown:
        errors.setdefault("partners", []).append(f"Onbekende partner(s): {', '.join(unknown)}.")
    if registration.end_date is None and any(o.end_date is None for o in others):
        errors.setdefault("end_date", []).append(
            "Deze leerling heeft al een open registratie. Sluit die eerst af, of werk die bij."
        )
    elif registration.start_date and _overlaps(registration, others):
        errors.setdefault("start_date", []).append(
            "Deze periode overlapt met een andere registratie van deze leerling."
        )
    if errors:
        raise ValidationError(errors)


def _overlaps(registration: AbsenceRegistration, others: list) -> bool:
    """Another registration of the pupil whose period shares a day with this one."""
    return any(
        (other.end_date is None or other.end_date >= registration.start_date)
        and (registration.end_date is None or other.start_date <= registration.end_date)
        for other in others
    )


def _check_date_ranges(record: models.Model) -> None:
    """Every date of the record in the portal's range, before any rule does date arithmetic."""
    errors: dict[str, list[str]] = {}
    for field in record._meta.concrete_fields:
        if type(field) is models.DateField:  # not DateTimeField, its subclass
            try:
                check_date_range(getattr(record, field.attname))
            except ValidationError as exc:
                errors[field.name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _record_create(model, *, school: School, data: dict[str, Any], check) -> Any:
    data = dict(data)
    pupil = pupil_for(school=school, **{k: data.pop(k) for k in PUPIL_FIELDS if k in data})
    record = model(tenant=school.tenant, school=school, pupil=pupil, **data)
    _check_date_ranges(record)
    check(record)
    record.full_clean(exclude=["pupil", "school", "tenant"])
    record.save()
    return record


_record_create_atomic = transaction.atomic(_record_create)


def _record_update(model, record, *, data: dict[str, Any], revision: int, check) -> Any:
    """Change a record someone opened at ``revision``; pupil fields stay as they are."""
    current = _locked_current(model, record, revision)
    for field, value in data.items():
        if field not in PUPIL_FIELDS:
            setattr(current, field, value)
    _check_date_ranges(current)
    check(current)
    current.full_clean(exclude=["pupil", "school", "tenant"])
    current.revision += 1
    current.save()
    return current


def absence_create(
    *, school: School, data: dict[str, Any], by=None, batch: PupilRecords | None = None
) -> AbsenceRegistration:
    """A new registration. With ``batch`` (a file's commit): checked against the batch and
    saved with the rest of it by ``records_flush``; until then it has no pk. (Atomic where it
    writes: a savepoint per row of a batch would cost two queries per row and guard nothing.)"""
    if batch is not None:
        return _batch_create(batch, school=school, data=data)
    return _record_create_atomic(
        AbsenceRegistration, school=school, data=data, check=_check_absence
    )


def _locked_current(model, record, revision: int):
    current = model.objects.select_for_update().get(pk=record.pk)
    _check_current(current, revision)
    return current


def _check_current(current: models.Model, revision: int) -> None:
    """Not changed by someone else since it was opened, and not anonymised."""
    if current.revision != revision:
        raise ValidationError(
            "Deze registratie is intussen door iemand anders gewijzigd. Uw wijziging is niet "
            "opgeslagen; open de registratie opnieuw en voer uw wijziging nog eens in.",
            code="conflict",
        )
    if current.anonymised_at:
        raise ValidationError(
            "Deze registratie is geanonimiseerd en kan niet meer worden gewijzigd."
        )


@transaction.atomic
def absence_update(
    *, registration: AbsenceRegistration, data: dict[str, Any], revision: int, by=None
) -> AbsenceRegistration:
    return _record_update(
        AbsenceRegistration, registration, data=data, revision=revision, check=_check_absence
    )


@transaction.atomic
def absence_close(
    *,
    registration: AbsenceRegistration,
    end_date: datetime.date,
    outcome: str,
    revision: int,
    by=None,
) -> AbsenceRegistration:
    if not end_date:
        raise ValidationError({"end_date": "Vul de einddatum in."})
    return absence_update(
        registration=registration,
        revision=revision,
        by=by,
        data={"end_date": end_date, "outcome": outcome},
    )


def _check_opp(opp: OppRegistration) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for field in OPP_DATE_FIELDS:
        value = getattr(opp, field)
        if value and value > today:
            errors.setdefault(field, []).append("Deze datum ligt in de toekomst.")
    if (
        opp.set_on
        and opp.placement_date
        and opp.set_on < opp.placement_date - datetime.timedelta(days=365)
    ):
        errors.setdefault("set_on", []).append(
            "Het OPP is meer dan een jaar voor de plaatsing vastgesteld. Klopt de datum?"
        )
    if opp.heard_on and not opp.heard_how:
        errors.setdefault("heard_how", []).append("Vul in hoe de leerling is gehoord.")
    if (opp.heard_how or opp.pupil_view.strip()) and not opp.heard_on:
        errors.setdefault("heard_on", []).append("Vul in wanneer de leerling is gehoord.")
    for later in ("signed_on", "evaluated_on"):
        if getattr(opp, later) and opp.set_on and getattr(opp, later) < opp.set_on:
            errors.setdefault(later, []).append(
                "Deze datum ligt voor de datum waarop het OPP is vastgesteld."
            )
    if opp.signed_on and not opp.set_on:
        errors.setdefault("signed_on", []).append(
            "Een OPP wordt ondertekend nadat het is "
            "vastgesteld: vul eerst de datum van "
            "vaststellen in."
        )
    if errors:
        raise ValidationError(errors)


def opp_create(
    *, school: School, data: dict[str, Any], by=None, batch: PupilRecords | None = None
) -> OppRegistration:
    """A new OPP; with ``batch`` saved later by ``records_flush``, as ``absence_create``."""
    if batch is not None:
        return _batch_create(batch, school=school, data=data)
    return _record_create_atomic(OppRegistration, school=school, data=data, check=_check_opp)


@transaction.atomic
def opp_update(
    *, opp: OppRegistration, data: dict[str, Any], revision: int, by=None
) -> OppRegistration:
    return _record_update(OppRegistration, opp, data=data, revision=revision, check=_check_opp)


# --- Checking many rows at once (a file's dry run) ---------------------------------------------


@dataclass
class PupilRecords:
    """A school's pupils and its records of one kind, read once for a whole file.

    ``records_check`` applies the rules of the create and update services to a row against
    these instead of querying per row, and adds the row, so a later row of the same file meets
    the earlier ones as the services would. Nothing is saved.
    """

    school: School
    model: type[models.Model]
    pupils: dict[str, Pupil]
    by_pupil: dict[str, list[models.Model]]  # the records, by pupil number
    # New records checked here and waiting for ``records_flush`` (a file's commit).
    pending: list[models.Model] = dataclasses.field(default_factory=list)

    def others(self, record: models.Model, number: str) -> list[models.Model]:
        return [r for r in self.by_pupil.get(number, []) if r.pk is None or r.pk != record.pk]


def pupil_records(*, school: School, model: type[models.Model]) -> PupilRecords:
    by_pupil: dict[str, list[models.Model]] = defaultdict(list)
    for record in model.objects.filter(school=school).select_related("pupil").order_by("pk"):
        by_pupil[record.pupil.pupil_number].append(record)
    pupils = {p.pupil_number: p for p in Pupil.objects.filter(school=school)}
    return PupilRecords(school=school, model=model, pupils=pupils, by_pupil=by_pupil)


def pupil_check(
    *, records: PupilRecords, pupil_number: str, birth_year: int, initials: str = ""
) -> Pupil:
    """``pupil_for`` against ``records``: the same rules, a new pupil kept there, unsaved."""
    number = (pupil_number or "").strip()
    _check_pupil_number(number, birth_year)
    known = records.pupils.get(number)
    pupil = _pupil(
        school=records.school,
        known=known,
        pupil_number=number,
        birth_year=birth_year,
        initials=initials,
    )
    if known is None:
        # School and tenant are the file's, known to exist; the number is new (not in records).
        pupil.full_clean(exclude=["school", "tenant"], validate_constraints=False)
        records.pupils[number] = pupil
    return pupil


def records_check(
    *, records: PupilRecords, data: dict[str, Any], record: models.Model | None = None
) -> models.Model:
    """What ``absence_create``/``opp_create`` (``record`` None) or ``…_update`` would refuse for
    this row, raised as they raise it; the row's new state is added to ``records``."""
    data = dict(data)
    pupil_data = {k: data.pop(k) for k in PUPIL_FIELDS if k in data}
    if record is None:
        pupil = pupil_check(records=records, **pupil_data)
        current = records.model(
            tenant=records.school.tenant, school=records.school, pupil=pupil, **data
        )
    else:
        _check_current(record, record.revision)
        current = copy.copy(record)
        for field, value in data.items():
            setattr(current, field, value)
    number = current.pupil.pupil_number
    _check_date_ranges(current)
    if records.model is AbsenceRegistration:
        _check_absence(current, records.others(current, number))
    else:
        _check_opp(current)
    # The model's only check constraint (an end on or after the start) is one of the rules above.
    current.full_clean(exclude=["pupil", "school", "tenant"], validate_constraints=False)
    siblings = records.by_pupil.setdefault(number, [])
    if record is not None:
        siblings[:] = [r for r in siblings if r.pk != record.pk]
    siblings.append(current)
    return current


def _batch_create(batch: PupilRecords, *, school: School, data: dict[str, Any]) -> models.Model:
    if school.pk != batch.school.pk:
        raise ValueError("Een batch hoort bij één school.")
    record = records_check(records=batch, data=data)
    batch.pending.append(record)
    return record


CHUNK = 1000  # rows per INSERT: far below SQLite's and PostgreSQL's limits on parameters


@transaction.atomic
def records_flush(*, batch: PupilRecords) -> list[models.Model]:
    """Save the batch's new records, and their new pupils, with one INSERT per ``CHUNK`` rows
    and one log entry per row, as ``…_create`` writes them one by one.

    Call it in the transaction that read the batch (``pupil_records``): then what
    ``records_check`` checked each record against is what the database holds, so the rules are
    not checked again, also not the model's:
    * field validation (``full_clean``) ran in ``records_check``/``pupil_check`` on these very
      instances;
    * constraints are the pre-check's rules, checked there in Python: a pupil number new to the
      school (``pupil_unique_number_per_school``: the school's pupils are all in the batch), one
      open registration (``absence_one_open``) and an end on or after the start
      (``absence_end_after_start``) are rules of ``_check_absence``, against all of the pupil's
      registrations in the batch. The database still enforces them: a row written meanwhile
      by someone else fails the INSERT and the transaction saves nothing.
    """
    records, batch.pending = batch.pending, []
    pupils = list({id(r.pupil): r.pupil for r in records if r.pupil.pk is None}.values())
    new_pupils = {id(p) for p in pupils}
    Pupil.objects.bulk_create(pupils, batch_size=CHUNK)
    batch.model.objects.bulk_create(records, batch_size=CHUNK)
    # In the order ``…_create`` logs them: a new pupil just before its first record.
    logged: list[models.Model] = []
    for record in records:
        if id(record.pupil) in new_pupils:
            new_pupils.discard(id(record.pupil))
            logged.append(record.pupil)
        logged.append(record)
    log_created(logged, batch_size=CHUNK)
    return records


@transaction.atomic
def conversation_create(
    *, school: School, held_on: datetime.date, participants: str, notes: str = "", by=None
) -> SchoolConversation:
    conversation = SchoolConversation(
        tenant=school.tenant,
        school=school,
        held_on=held_on,
        participants=participants.strip(),
        notes=notes,
    )
    _check_date_ranges(conversation)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Leg een gesprek vast nadat het is gehouden."})
    conversation.full_clean()
    conversation.save()
    return conversation


# --- Retention ---------------------------------------------------------------------------------


def retention_years(tenant: Tenant) -> int:
    """The term of thuiszitter registrations and OPPs (registered in ``referrals.retention``)."""
    return registration_settings(tenant).retention_years


def registrations_anonymise(*, tenant: Tenant, today: datetime.date | None = None) -> int:
    """Anonymise the tenant's pupil records past their term. Idempotent; returns how many.

    A thuiszitter registration expires that long after it was closed; an OPP that long after
    its last date (placement, set, heard, signed, evaluated): an OPP still in use is evaluated
    every year. What counts stays (kind, dates, school, reason, outcome); what identifies goes:
    free text, and the pupil number once none of the pupil's records is still kept. The run
    covers every registered record type (``swvportal.core.pupils``), so a pupil's number stays
    while a record of another type is within its term too.
    """
    return pupil_records_anonymise(tenant=tenant, today=today)
