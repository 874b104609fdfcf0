"""Scale data: fictional tenants at the size of RefSVO or of the whole country, to measure with.

Not demo data for people to read (that is ``referrals.demo``): this fills the pupil-level tables
so the monitoring calculations and the dashboard can be timed at national size, about 150
samenwerkingsverbanden of 50 schools with two million thuiszitter registrations and OPPs over
five school years.

Rows are written with ``bulk_create``, not through ``referrals.services``: the services check and
save one record at a time, which would take hours at this size. The generator keeps the services'
rules itself instead: at most one open registration per pupil, no two periods of a pupil that
share a day, an end on or after the start, nothing after the reference date, an OPP signed and
evaluated after it was set, a pupil heard only with a way of hearing.

Every figure follows from the seed and :data:`REFERENCE_DATE` (the peildatum 1 October 2026
plays "today"), so two runs with the same options give the same data. Each tenant has its own
``random.Random``, seeded with the seed and the tenant's number, so a tenant's data does not
depend on how many tenants are generated.

Scale tenants are marked: ``is_demo``, a code of the prefix plus four digits (``SC0001``) and a
name starting with :data:`TENANT_NAME`. ``scale_delete`` removes only tenants with all three.
"""

from __future__ import annotations

import datetime
import heapq
import multiprocessing
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connections, models, transaction
from django_scopes import scopes_disabled

from referrals.demo import (
    CLOSED,
    DURATIONS,
    HOORRECHT_SINCE,
    INITIAL_LETTERS,
    LEGAL_GROUNDS,
    PLANS,
    PUPIL_VIEWS,
    REASONS,
)
from referrals.models import (
    RELATIVE_ABSENCE_THRESHOLD_DAYS,
    AbsenceKind,
    AbsenceRegistration,
    HeardHow,
    OppRegistration,
    Partner,
    Pupil,
    ReasonCategory,
)
from swvportal.tenancy.models import School, SchoolKind, Sector, Tenant

REFERENCE_DATE = datetime.date(2026, 10, 1)  # the peildatum plays "today" for the data
BATCH_SIZE = 5000
TENANT_NAME = "Schaaltest"
DEFAULT_PREFIX = "SC"
PREFIX_RE = re.compile(r"^[A-Z]{2}[A-Z]{0,10}$")


@dataclass(frozen=True)
class Scale:
    tenants: int
    schools: int


SCALES = {"refsvo": Scale(tenants=1, schools=50), "national": Scale(tenants=150, schools=50)}

# OPPs and thuiszitter registrations per school in a whole school year, by kind of school.
# Chosen so the national scale holds about 2 million of them over five school years (the current
# one has only its first two months before the reference date).
RATES = {
    SchoolKind.VO: (32, 28),
    SchoolKind.VSO_CLUSTER3: (56, 31),
    SchoolKind.VSO_CLUSTER4: (56, 37),
    SchoolKind.PRO: (56, 27),
    SchoolKind.OPDC: (62, 31),
}
# One school in six or seven is not a regular vo school; the first ones in this order.
SPECIAL_KINDS = [
    SchoolKind.VSO_CLUSTER3,
    SchoolKind.PRO,
    SchoolKind.VSO_CLUSTER4,
    SchoolKind.OPDC,
    SchoolKind.VSO_CLUSTER3,
    SchoolKind.PRO,
    SchoolKind.VSO_CLUSTER4,
    SchoolKind.VSO_CLUSTER3,
]
ABSENCE_KINDS = [
    (AbsenceKind.RELATIVE, 55),
    (AbsenceKind.ABSOLUTE, 12),
    (AbsenceKind.EXEMPTION, 13),
    (AbsenceKind.ALLOWED, 20),
]
SHORT_RELATIVE_SHARE = 0.2  # relatief verzuim that ends within 4 weeks: never a thuiszitter
SHORT_RELATIVE_DAYS = (6, RELATIVE_ABSENCE_THRESHOLD_DAYS - 1)
INCOMPLETE_SHARE = 0.05  # registrations that miss a required field
EMPTY = {"plan": "", "last_contact_date": None, "partners": [], "reason_category": ""}
OPP_PUPIL_SHARE = 0.12  # a thuiszitter who already has an OPP at the school
RETURNING_SHARE = 0.08  # a thuiszitter who was registered before
MUNICIPALITIES = [
    "Gouda",
    "Alphen aan den Rijn",
    "Bodegraven-Reeuwijk",
    "Waddinxveen",
    "Zuidplas",
    "Krimpenerwaard",
    "Woerden",
    "Nieuwkoop",
]
NAMES = ["College", "Lyceum", "Scholengemeenschap", "Campus", "Praktijkschool", "Vakcollege"]
SCHOOL_NAMES = ["De Brug", "Het Baken", "De Horizon", "Het Anker", "De Sprong", "Het Kompas"]
SCHOOL_YEAR_FIRST_DAY = (8, 20)  # placements and registrations, outside the summer holiday
SCHOOL_YEAR_LAST_DAY = (7, 10)
FULL_YEAR_DAYS = 324  # 20 August – 10 July


@dataclass
class TenantSummary:
    code: str
    schools: int = 0
    pupils: int = 0
    absences: int = 0
    opps: int = 0
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.absences + self.opps


@dataclass
class _Pupil:
    row: Pupil
    free_from: int  # ordinal: a new registration may start after this day


@dataclass(order=True)
class _Waiting:
    free_from: int
    order: int
    pupil: _Pupil = field(compare=False)


def tenant_code(prefix: str, number: int) -> str:
    return f"{prefix}{number:04d}"


def check_prefix(prefix: str) -> str:
    if not PREFIX_RE.match(prefix):
        raise ValueError(f"ongeldig voorvoegsel {prefix!r}: 2 tot 12 hoofdletters, zoals SC")
    return prefix


def scale_tenants(prefix: str = DEFAULT_PREFIX) -> models.QuerySet[Tenant]:
    """The scale tenants of this prefix (and never a real tenant: see the module's docstring)."""
    pattern = rf"^{re.escape(check_prefix(prefix))}[0-9]{{4}}$"
    return Tenant.objects.filter(
        code__regex=pattern, is_demo=True, name__startswith=TENANT_NAME
    ).order_by("code")


# --- Deleting --------------------------------------------------------------------------------


def _reverse_relations(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, FK field name) of every concrete model pointing at ``model``, m2m tables too."""
    found = []
    for candidate in apps.get_models(include_auto_created=True):
        for f in candidate._meta.concrete_fields:
            if f.is_relation and f.many_to_one and f.related_model is model:
                found.append((candidate, f.name))
    return found


def _raw_delete(queryset: models.QuerySet) -> int:
    # A plain DELETE: no per-row signals (the audit log), no Python-side PROTECT walk. The
    # rows that point at these are deleted first, by the caller, in the same transaction.
    return queryset._raw_delete(queryset.db)


def scale_delete(*, prefix: str = DEFAULT_PREFIX) -> int:
    """Delete this prefix's scale tenants and everything in them; returns how many tenants.

    Generic over the models, so rows added later by other parts of the portal (measurements,
    jobs, memberships of a bench user) go too: every model with a ``tenant`` key to these
    tenants, and every row pointing at one of those rows (an m2m table, say), deepest first.
    """
    with scopes_disabled(), transaction.atomic():
        tenant_ids = list(scale_tenants(prefix).values_list("pk", flat=True))
        if not tenant_ids:
            return 0
        owned = _reverse_relations(Tenant)
        for model, name in owned:
            rows = model._base_manager.filter(**{f"{name}__in": tenant_ids})
            for child, child_field in _reverse_relations(model):
                if any(child is m for m, _ in owned):
                    continue  # has its own tenant key: deleted in its own turn
                _raw_delete(child._base_manager.filter(**{f"{child_field}__in": rows}))
        # Pupil-level rows before pupils before schools: each PROTECTs the one after it.
        order = [AbsenceRegistration, OppRegistration, Pupil, School]
        owned.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else -1)
        for model, name in owned:
            _raw_delete(model._base_manager.filter(**{f"{name}__in": tenant_ids}))
        _raw_delete(Tenant.objects.filter(pk__in=tenant_ids))
    return len(tenant_ids)


# --- Generating ------------------------------------------------------------------------------


def school_kinds(count: int) -> list[str]:
    specials = round(count * 8 / 50) if count > 1 else 0
    kinds = [SPECIAL_KINDS[i % len(SPECIAL_KINDS)] for i in range(specials)]
    return [SchoolKind.VO] * (count - specials) + kinds


def brin_codes(rng: random.Random, number: int, count: int) -> list[str]:
    """Unique within the tenant: two digits of the tenant, two letters, a vestiging."""
    letters = [
        f"{a}{b}" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ]
    order = rng.sample(letters, len(letters))
    digits = 10 + (number - 1) % 90
    return [f"{digits:02d}{order[i % 676]}{i // 676:02d}" for i in range(count)]


class _TenantData:
    """The rows of one tenant, built in memory before any is saved (about 25,000 for 50 schools).

    Rows get their keys (tenant, school, pupil) only in :meth:`save`, once those are saved: the
    building needs no database, so worker processes can build while another one writes.
    """

    def __init__(self, rng: random.Random, schools: list[School], years: int):
        self.rng = rng
        self.schools = schools
        self.today = REFERENCE_DATE.toordinal()
        current = REFERENCE_DATE.year if REFERENCE_DATE.month >= 8 else REFERENCE_DATE.year - 1
        self.years = list(range(current - years + 1, current + 1))
        self.pupils: list[tuple[Pupil, School]] = []
        self.absences: list[AbsenceRegistration] = []
        self.opps: list[OppRegistration] = []
        self.owners: list[tuple[models.Model, School, Pupil]] = []
        self.numbers: dict[int, int] = {}  # id(school) → last serial number of a pupil
        kinds, weights = zip(*ABSENCE_KINDS, strict=True)
        self.absence_kinds, self.absence_weights = list(kinds), list(weights)
        self.outcomes = {
            kind: ([o for k, o, _ in CLOSED if k == kind], [n for k, _, n in CLOSED if k == kind])
            for kind in kinds
        }
        self.reasons = [r for r, _ in REASONS], [w for _, w in REASONS]
        self.partners = [p for p in Partner.values if p not in (Partner.LEERPLICHT, Partner.OTHER)]

    # --- helpers ---------------------------------------------------------------------------

    def windows(self) -> Iterable[tuple[int, int, float]]:
        """(first day, last day, share of a whole year) of each school year, up to today."""
        for year in self.years:
            lo = datetime.date(year, *SCHOOL_YEAR_FIRST_DAY).toordinal()
            hi = min(datetime.date(year + 1, *SCHOOL_YEAR_LAST_DAY).toordinal(), self.today)
            if hi >= lo:
                yield lo, hi, (hi - lo) / FULL_YEAR_DAYS

    def how_many(self, rate: float, share: float) -> int:
        return round(rate * share * self.rng.uniform(0.75, 1.25))

    def new_pupil(self, school: School, day: int, ages: tuple[int, int]) -> _Pupil:
        rng = self.rng
        serial = self.numbers[id(school)] = self.numbers.get(id(school), 0) + 1
        year = datetime.date.fromordinal(day).year
        initials = ""
        if rng.random() < 0.5:
            initials = f"{rng.choice(INITIAL_LETTERS)}.{rng.choice(INITIAL_LETTERS)}."
        row = Pupil(
            pupil_number=f"{year - rng.randint(0, 2)}-{serial:05d}",
            birth_year=year - rng.randint(*ages),
            initials=initials,
        )
        self.pupils.append((row, school))
        return _Pupil(row, free_from=day)

    def record(self, model: type[models.Model], school: School, pupil: _Pupil, fields: dict):
        row = model(**fields)
        self.owners.append((row, school, pupil.row))
        return row

    def save(self, tenant: Tenant) -> None:
        """Save schools, pupils and records, each with the keys of the rows saved before."""
        # Ids, not instances: assigning related instances costs more than the rest of a row.
        for school in self.schools:
            school.tenant_id = tenant.pk
        School.objects.bulk_create(self.schools)
        for pupil, school in self.pupils:
            pupil.tenant_id, pupil.school_id = tenant.pk, school.pk
        Pupil.objects.bulk_create([pupil for pupil, _ in self.pupils], batch_size=BATCH_SIZE)
        for row, school, pupil in self.owners:
            row.tenant_id, row.school_id, row.pupil_id = tenant.pk, school.pk, pupil.pk
        AbsenceRegistration.objects.bulk_create(self.absences, batch_size=BATCH_SIZE)
        OppRegistration.objects.bulk_create(self.opps, batch_size=BATCH_SIZE)

    # --- OPPs ------------------------------------------------------------------------------

    def opp_dates(self, kind: str, placement: int) -> dict[str, Any]:
        """Set, consent, heard, signed and evaluated, as most schools do (and some don't)."""
        rng, today, date = self.rng, self.today, datetime.date.fromordinal
        fields: dict[str, Any] = {"placement_date": date(placement)}
        opdc = kind == SchoolKind.OPDC
        if rng.random() < (0.05 if opdc else 0.12):
            set_on = placement + rng.randint(43, 95)  # later than 6 weeks
        elif opdc:  # an OPDC admits no pupil without an OPP
            set_on = placement + rng.randint(-14, 7)
        else:
            set_on = placement + rng.randint(5, 42)
        if set_on > today:
            if rng.random() < 0.4 and placement < today:
                fields.update(
                    heard_on=date(rng.randint(placement, today)), heard_how=HeardHow.CONVERSATION
                )
            return fields
        fields["set_on"] = date(set_on)
        if rng.random() < 0.92 and set_on + 14 <= today:
            fields["parents_consent_on"] = date(set_on + rng.randint(0, 14))
        heard = rng.random() < (0.92 if date(set_on) >= HOORRECHT_SINCE else 0.7)
        if heard:
            fields["heard_on"] = date(set_on - rng.randint(0, 10))
            fields["heard_how"] = rng.choices(
                [HeardHow.CONVERSATION, HeardHow.WRITTEN, HeardHow.OTHER], [75, 15, 10]
            )[0]
            if rng.random() < 0.65:
                fields["pupil_view"] = rng.choice(PUPIL_VIEWS)
        if rng.random() < (0.92 if heard else 0.6):
            fields["signed_on"] = date(min(today, set_on + rng.randint(0, 12)))
        due = set_on + 365
        fields["evaluation_due"] = date(due)
        if due <= today and not (today - due < 200 and rng.random() < 0.2):
            evaluated = due + rng.randint(-25, 20)
            fields["evaluated_on"] = date(max(set_on + 1, min(evaluated, today)))
        return fields

    def placement(self, kind: str, lo: int, hi: int) -> int:
        start_of_year = kind in (SchoolKind.VSO_CLUSTER3, SchoolKind.VSO_CLUSTER4, SchoolKind.PRO)
        if start_of_year and self.rng.random() < 0.7:
            return self.rng.randint(lo, min(lo + 26, hi))
        return self.rng.randint(lo, hi)

    def add_opps(self, school: School, waiting: list[_Waiting]) -> None:
        ages = (12, 16) if school.kind == SchoolKind.PRO else (12, 15)
        for lo, hi, share in self.windows():
            for _ in range(self.how_many(RATES[school.kind][0], share)):
                day = self.placement(school.kind, lo, hi)
                pupil = self.new_pupil(school, day, ages)
                fields = self.opp_dates(school.kind, day)
                self.opps.append(self.record(OppRegistration, school, pupil, fields))
                # A pupil with an OPP may become a thuiszitter some weeks after placement.
                pupil.free_from = day + self.rng.randint(20, 200)
                heapq.heappush(waiting, _Waiting(pupil.free_from, len(waiting), pupil))

    # --- thuiszitters ----------------------------------------------------------------------

    def absence_fields(self, kind: str, start: int, end: int | None) -> dict[str, Any]:
        rng, date = self.rng, datetime.date.fromordinal
        if kind == AbsenceKind.EXEMPTION:
            reason = rng.choice([ReasonCategory.PSYCHOLOGICAL, ReasonCategory.PHYSICAL])
        else:
            reason = rng.choices(*self.reasons)[0]
        partners = [Partner.LEERPLICHT] if kind != AbsenceKind.ALLOWED else []
        partners += rng.sample(self.partners, rng.randint(1, 2))
        fields: dict[str, Any] = {
            "kind": kind,
            "start_date": date(start),
            "reason_category": reason,
            "partners": sorted(set(partners), key=Partner.values.index),
            "plan": rng.choice(PLANS[reason]),
            "last_contact_date": date(max(start, (end or self.today) - rng.randint(0, 21))),
        }
        if kind == AbsenceKind.EXEMPTION:
            fields["legal_ground"] = rng.choice(LEGAL_GROUNDS)
        if end is not None:
            fields["end_date"] = date(end)
            fields["outcome"] = rng.choices(*self.outcomes[kind])[0]
        if rng.random() < INCOMPLETE_SHARE:
            missing = rng.choice(list(EMPTY))
            fields[missing] = EMPTY[missing]
        return fields

    def absence_period(self, kind: str, start: int) -> int | None:
        """The last day, or None while the registration is still open on the reference date."""
        if kind == AbsenceKind.RELATIVE and self.rng.random() < SHORT_RELATIVE_SHARE:
            end = start + self.rng.randint(*SHORT_RELATIVE_DAYS)
        else:
            end = start + self.rng.randint(*DURATIONS[kind])
        return end if end <= self.today else None

    def pupil_for_absence(
        self, school: School, start: int, waiting: list[_Waiting], free: list[_Pupil]
    ) -> _Pupil:
        """A pupil with an OPP, one registered before, or (mostly) a new one: never busy."""
        while waiting and waiting[0].free_from < start:
            free.append(heapq.heappop(waiting).pupil)
        year = datetime.date.fromordinal(start).year
        if free and self.rng.random() < OPP_PUPIL_SHARE + RETURNING_SHARE:
            index = self.rng.randrange(len(free))
            pupil = free[index]
            free[index] = free[-1]
            free.pop()
            if year - pupil.row.birth_year <= 18:
                return pupil
        return self.new_pupil(school, start, (12, 17))

    def add_absences(self, school: School, waiting: list[_Waiting]) -> None:
        starts = [
            self.rng.randint(lo, hi)
            for lo, hi, share in self.windows()
            for _ in range(self.how_many(RATES[school.kind][1], share))
        ]
        free: list[_Pupil] = []
        for start in sorted(starts):
            pupil = self.pupil_for_absence(school, start, waiting, free)
            kind = self.rng.choices(self.absence_kinds, self.absence_weights)[0]
            end = self.absence_period(kind, start)
            fields = self.absence_fields(kind, start, end)
            self.absences.append(self.record(AbsenceRegistration, school, pupil, fields))
            if end is not None:  # an open registration keeps its pupil busy for good
                pupil.free_from = end + self.rng.randint(20, 240)
                heapq.heappush(waiting, _Waiting(pupil.free_from, len(self.absences), pupil))

    def build(self) -> None:
        for school in self.schools:
            waiting: list[_Waiting] = []
            self.add_opps(school, waiting)
            self.add_absences(school, waiting)


def _school_rows(rng: random.Random, number: int, count: int) -> list[School]:
    brins = brin_codes(rng, number, count)
    return [
        School(
            brin=brin,
            name=f"{rng.choice(NAMES)} {rng.choice(SCHOOL_NAMES)} {index + 1}",
            kind=kind,
            municipality=rng.choice(MUNICIPALITIES),
            board=f"Stichting Schaaltest {1 + index // 5}",
            is_demo=True,
        )
        for index, (brin, kind) in enumerate(zip(brins, school_kinds(count), strict=True))
    ]


def tenant_generate(
    *, number: int, schools: int, years: int, seed: int, prefix: str = DEFAULT_PREFIX
) -> TenantSummary:
    """One scale tenant with its schools, pupils and records, written in one transaction."""
    started = time.perf_counter()
    rng = random.Random(f"{seed}:{number}")
    data = _TenantData(rng, _school_rows(rng, number, schools), years)
    data.build()
    code = tenant_code(prefix, number)
    with scopes_disabled(), transaction.atomic():
        tenant = Tenant.objects.create(
            code=code,
            name=f"{TENANT_NAME} samenwerkingsverband {number}",
            sector=Sector.VO,
            is_demo=True,
        )
        data.save(tenant)
    return TenantSummary(
        code=code,
        schools=len(data.schools),
        pupils=len(data.pupils),
        absences=len(data.absences),
        opps=len(data.opps),
        seconds=time.perf_counter() - started,
    )


def _generate_in_worker(arguments: dict[str, Any]) -> TenantSummary:
    return tenant_generate(**arguments)


def scale_generate(
    *,
    tenants: int,
    schools: int,
    years: int = 5,
    seed: int = 1,
    prefix: str = DEFAULT_PREFIX,
    workers: int = 1,
    progress: Callable[[TenantSummary], None] | None = None,
) -> list[TenantSummary]:
    """Generate ``tenants`` scale tenants; the caller removes earlier ones (``scale_delete``).

    With ``workers`` > 1, forked processes generate tenants side by side, each with its own
    database connection. The data is the same as with one: each tenant has its own random seed.
    """
    check_prefix(prefix)
    codes = [tenant_code(prefix, number) for number in range(1, tenants + 1)]
    taken = sorted(Tenant.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        raise ValueError(
            f"{', '.join(taken[:3])} bestaat al: gebruik --replace om de "
            "schaaltest-samenwerkingsverbanden van dit voorvoegsel opnieuw te maken."
        )
    jobs = [
        {"number": n, "schools": schools, "years": years, "seed": seed, "prefix": prefix}
        for n in range(1, tenants + 1)
    ]
    summaries = []
    for summary in _run(jobs, workers):
        summaries.append(summary)
        if progress:
            progress(summary)
    return summaries


def _run(jobs: list[dict[str, Any]], workers: int) -> Iterator[TenantSummary]:
    if workers <= 1 or len(jobs) <= 1:
        yield from (tenant_generate(**job) for job in jobs)
        return
    # A forked child must not share the parent's open connection: close it, children reconnect.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_generate_in_worker, jobs)
