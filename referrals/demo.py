"""Fictional pupil records for the RefSVO demo: thuiszitter registrations, OPPs and conversations.

Nothing here is about a real pupil. Pupil numbers follow the schools' own style ("2024-0173") but
are drawn at random; there are no names, only optional random initials. Dates are computed from
today (``timezone.localdate``) so the set stays plausible whenever it is seeded: five school
years, the current one included, and nothing in the future.

Every record is written through ``referrals.services``, so the demo obeys the same rules as a
user's input. A fixed ``random.Random`` keeps the set the same from one run to the next (for the
same day).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School, SchoolKind, Tenant

from . import services
from .models import (
    AbsenceKind,
    AbsenceRegistration,
    HeardHow,
    OppRegistration,
    Outcome,
    Partner,
    Pupil,
    ReasonCategory,
    SchoolConversation,
)

SEED = 20262027
SCHOOL_YEARS = 5  # the current school year and the four before it
HOORRECHT_SINCE = datetime.date(2025, 8, 1)  # the pupil is heard about the OPP since this date
NEVER = datetime.date.max

# Closed registrations as (kind, outcome, how many): every kind, every outcome.
CLOSED = [
    (AbsenceKind.RELATIVE, Outcome.OWN_SCHOOL, 10),
    (AbsenceKind.RELATIVE, Outcome.OTHER_SCHOOL, 6),
    (AbsenceKind.RELATIVE, Outcome.OPDC, 5),
    (AbsenceKind.RELATIVE, Outcome.VSO, 3),
    (AbsenceKind.RELATIVE, Outcome.MBO, 3),
    (AbsenceKind.RELATIVE, Outcome.OUTSIDE, 2),
    (AbsenceKind.RELATIVE, Outcome.NONE, 2),
    (AbsenceKind.ABSOLUTE, Outcome.OTHER_SCHOOL, 2),
    (AbsenceKind.ABSOLUTE, Outcome.OPDC, 2),
    (AbsenceKind.ABSOLUTE, Outcome.VSO, 1),
    (AbsenceKind.ABSOLUTE, Outcome.MBO, 1),
    (AbsenceKind.ABSOLUTE, Outcome.OUTSIDE, 1),
    (AbsenceKind.ABSOLUTE, Outcome.NONE, 1),
    (AbsenceKind.EXEMPTION, Outcome.NONE, 3),
    (AbsenceKind.EXEMPTION, Outcome.VSO, 2),
    (AbsenceKind.EXEMPTION, Outcome.OTHER_SCHOOL, 1),
    (AbsenceKind.EXEMPTION, Outcome.OUTSIDE, 1),
    (AbsenceKind.EXEMPTION, Outcome.OWN_SCHOOL, 1),
    (AbsenceKind.ALLOWED, Outcome.OWN_SCHOOL, 6),
    (AbsenceKind.ALLOWED, Outcome.OTHER_SCHOOL, 1),
    (AbsenceKind.ALLOWED, Outcome.OPDC, 1),
    (AbsenceKind.ALLOWED, Outcome.VSO, 1),
]
# Relatief verzuim that ended within 4 weeks: registered, but never a thuiszitter.
SHORT_RELATIVE = [(Outcome.OWN_SCHOOL, 5), (Outcome.OTHER_SCHOOL, 1)]
# Open registrations as (kind, how many); two of the relatief ones started less than 4 weeks ago.
OPEN = [
    (AbsenceKind.RELATIVE, 6),
    (AbsenceKind.ABSOLUTE, 3),
    (AbsenceKind.EXEMPTION, 3),
    (AbsenceKind.ALLOWED, 3),
]
OPEN_SHORT_RELATIVE = 2
INCOMPLETE = 9  # registrations that miss a plan, partners, a reason or the last contact

# Closed durations in days per kind.
DURATIONS = {
    AbsenceKind.RELATIVE: (28, 170),
    AbsenceKind.ABSOLUTE: (20, 150),
    AbsenceKind.EXEMPTION: (90, 340),
    AbsenceKind.ALLOWED: (15, 100),
}
# How far back an open registration started, in days.
OPEN_SINCE = {
    AbsenceKind.RELATIVE: (30, 150),
    AbsenceKind.ABSOLUTE: (20, 300),
    AbsenceKind.EXEMPTION: (60, 700),
    AbsenceKind.ALLOWED: (14, 120),
}

LEGAL_GROUNDS = [
    "Leerplichtwet art. 5 onder a",
    "Leerplichtwet art. 5 onder a",
    "Leerplichtwet art. 5 onder a",
    "Leerplichtwet art. 5 onder b",
    "Leerplichtwet art. 5 onder c",
    "Leerplichtwet art. 15",
]
REASONS = [
    (ReasonCategory.PSYCHOLOGICAL, 30),
    (ReasonCategory.PHYSICAL, 14),
    (ReasonCategory.BEHAVIOUR, 12),
    (ReasonCategory.FAMILY, 12),
    (ReasonCategory.EDUCATION, 12),
    (ReasonCategory.WAITING, 12),
    (ReasonCategory.OTHER, 8),
]
PLANS = {
    ReasonCategory.PSYCHOLOGICAL: [
        "Gefaseerde terugkeer: eerst twee ochtenden per week op school, begeleid door de mentor.",
        "Behandeling bij de jeugd-GGZ loopt; school biedt lesstof thuis aan en een vast "
        "aanspreekpunt.",
    ],
    ReasonCategory.PHYSICAL: [
        "Onderwijs op afstand tijdens het herstel; wekelijks contact met de mentor.",
        "Aangepast rooster in overleg met de jeugdarts; rustruimte op school.",
    ],
    ReasonCategory.BEHAVIOUR: [
        "Time-out traject bij het OPDC met terugkeergesprek na zes weken.",
        "Gedragsafspraken met leerling en ouders; begeleiding door de ambulant begeleider.",
    ],
    ReasonCategory.FAMILY: [
        "Wijkteam ondersteunt het gezin; school houdt wekelijks contact met ouders.",
        "Overleg met jeugdhulp over de thuissituatie; leerplicht is op de hoogte.",
    ],
    ReasonCategory.EDUCATION: [
        "Onderzoek naar een passende plek; intake bij een andere school gepland.",
        "Aanvraag TLV voorbereid; tot die tijd een deeltijdprogramma op school.",
    ],
    ReasonCategory.WAITING: [
        "Wachten op de start van zorg; tot dan twee dagdelen per week onderwijs op school.",
        "Overbrugging met huiswerkbegeleiding tot de behandeling start.",
    ],
    ReasonCategory.OTHER: [
        "Casusoverleg met leerplicht en ouders; plan wordt na het overleg uitgewerkt.",
    ],
}
PUPIL_VIEWS = [
    "Wil graag meer praktijkvakken.",
    "Vindt kleine groepen prettig en wil een vaste mentor.",
    "Wil op termijn naar het mbo.",
    "Heeft liever geen lessen in grote lokalen.",
    "Is het eens met het plan en wil het na een half jaar bespreken.",
    "Wil eerst rust en dan stap voor stap meer lessen volgen.",
]
PARTICIPANTS = [
    "zorgcoördinator, teamleider en consulent thuiszitters van het SWV",
    "zorgcoördinator, leerplichtambtenaar en consulent thuiszitters van het SWV",
    "zorgcoördinator, schoolleider en medewerker van het Loket",
]
CONVERSATION_NOTES = [
    "Lijst van thuiszitters doorgenomen; twee registraties aangevuld met een plan van aanpak.",
    "Alle open registraties besproken; afgesproken het laatste contact bij te houden.",
    "Geen nieuwe thuiszitters; aandacht voor leerlingen met veel relatief verzuim.",
]
INITIAL_LETTERS = "ABDEFHIJKLMNRSTWY"


@dataclass
class _Pupil:
    school: School
    number: str
    birth_year: int
    initials: str
    free_from: datetime.date  # a new registration may start after this date
    placed_on: datetime.date | None = None  # placement with an OPP at this school

    def fields(self) -> dict[str, Any]:
        return {
            "pupil_number": self.number,
            "birth_year": self.birth_year,
            "initials": self.initials,
        }


def school_year_start(day: datetime.date) -> datetime.date:
    return SchoolYear.from_date(day).first_day


def counts(tenant: Tenant) -> dict[str, int]:
    """What the tenant holds now (so a second run reports the same figures as the first)."""
    return {
        "pupils": Pupil.objects.filter(tenant=tenant).count(),
        "absences": AbsenceRegistration.objects.filter(tenant=tenant).count(),
        "opps": OppRegistration.objects.filter(tenant=tenant).count(),
        "conversations": SchoolConversation.objects.filter(tenant=tenant).count(),
    }


def seed_registrations(tenant: Tenant) -> dict[str, int]:
    """Runs inside the tenant's scope. Idempotent: a tenant that has pupils is left alone."""
    if not Pupil.objects.filter(tenant=tenant).exists():
        schools = list(School.objects.filter(tenant=tenant).order_by("brin"))
        if schools:
            _Seeder(schools).run()
    return counts(tenant)


class _Seeder:
    def __init__(self, schools: list[School]) -> None:
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.first_year = school_year_start(self.today).year - (SCHOOL_YEARS - 1)
        self.schools = schools
        self.by_kind: dict[str, list[School]] = {}
        for school in schools:
            self.by_kind.setdefault(school.kind, []).append(school)
        self.pupils: list[_Pupil] = []
        self.numbers: set[tuple[int, str]] = set()

    # --- helpers ---------------------------------------------------------------------------

    def days(self, n: int) -> datetime.timedelta:
        return datetime.timedelta(days=n)

    def between(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        return lo + self.days(self.rng.randint(0, max((hi - lo).days, 0)))

    def in_term(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        """A date between lo and hi, outside the summer holiday when that is possible."""
        day = self.between(lo, hi)
        for _ in range(10):
            if not ((day.month == 7 and day.day > 12) or (day.month == 8 and day.day < 20)):
                break
            day = self.between(lo, hi)
        return day

    def schools_of(self, *kinds: str) -> list[School]:
        found = [s for k in kinds for s in self.by_kind.get(k, [])]
        return found or self.schools

    def pick_school(self, weights: dict[str, float]) -> School:
        options = [(s, w) for kind, w in weights.items() for s in self.by_kind.get(kind, [])]
        if not options:
            return self.rng.choice(self.schools)
        return self.rng.choices([s for s, _ in options], [w for _, w in options])[0]

    def new_pupil(
        self, school: School, on: datetime.date, ages: tuple[int, int], new_at_school: bool
    ) -> _Pupil:
        age = self.rng.randint(*ages)
        years_here = 0 if new_at_school else self.rng.randint(0, min(3, age - 12))
        enrolled = school_year_start(on).year - years_here
        while True:
            number = f"{enrolled}-{self.rng.randint(1, 1450):04d}"
            if (school.pk, number) not in self.numbers:
                break
        self.numbers.add((school.pk, number))
        initials = ""
        if self.rng.random() < 0.5:
            initials = "".join(f"{self.rng.choice(INITIAL_LETTERS)}." for _ in range(2))
        pupil = _Pupil(school, number, on.year - age, initials, free_from=on)
        self.pupils.append(pupil)
        return pupil

    # --- OPPs ------------------------------------------------------------------------------

    def opp_fields(self, school: School, placement: datetime.date, *, late: bool) -> dict:
        """Set, consent, heard, signed and evaluated, as most schools do (and some don't)."""
        rng, today = self.rng, self.today
        opdc = school.kind == SchoolKind.OPDC
        if late:
            set_on = placement + self.days(rng.randint(43, 95))
        elif opdc:  # an OPDC admits no pupil without an OPP
            set_on = placement + self.days(rng.randint(-14, 7))
        else:
            set_on = placement + self.days(rng.randint(5, 42))
        fields: dict[str, Any] = {"placement_date": placement}
        if set_on > today:
            # Not set yet. Sometimes the pupil has already been heard about the draft.
            if rng.random() < 0.4 and placement < today:
                fields.update(
                    heard_on=self.between(placement, today), heard_how=HeardHow.CONVERSATION
                )
            return fields
        fields["set_on"] = set_on
        if rng.random() < 0.92:
            consent = set_on + self.days(rng.randint(0, 14))
            if consent <= today:
                fields["parents_consent_on"] = consent
        heard_on = None
        if rng.random() < (0.92 if set_on >= HOORRECHT_SINCE else 0.7):
            heard_on = set_on - self.days(rng.randint(0, 10))
            fields["heard_on"] = heard_on
            fields["heard_how"] = rng.choices(
                [HeardHow.CONVERSATION, HeardHow.WRITTEN, HeardHow.OTHER], [75, 15, 10]
            )[0]
            if rng.random() < 0.65:
                fields["pupil_view"] = rng.choice(PUPIL_VIEWS)
        if rng.random() < (0.92 if heard_on else 0.6):
            fields["signed_on"] = min(today, set_on + self.days(rng.randint(0, 12)))
        due = set_on + self.days(365)
        fields["evaluation_due"] = due
        if due <= today:
            recent = (today - due).days < 200
            if not (recent and rng.random() < 0.2):  # else: the yearly evaluation is overdue
                evaluated = due + self.days(rng.randint(-25, 20))
                fields["evaluated_on"] = max(set_on + self.days(1), min(evaluated, today))
        return fields

    def create_opp(self, pupil: _Pupil, fields: dict[str, Any]) -> OppRegistration:
        pupil.placed_on = fields["placement_date"]
        pupil.free_from = max(pupil.free_from, pupil.placed_on)
        return services.opp_create(school=pupil.school, data={**pupil.fields(), **fields})

    def placement_in_year(self, school: School, year: int) -> datetime.date | None:
        lo = datetime.date(year, 8, 20)
        hi = min(datetime.date(year + 1, 6, 30), self.today)
        if hi < lo:
            return None
        start_of_year = school.kind in (SchoolKind.VSO_CLUSTER3, SchoolKind.VSO_CLUSTER4)
        start_of_year = start_of_year or school.kind == SchoolKind.PRO
        if start_of_year and self.rng.random() < 0.7:
            return self.between(lo, min(datetime.date(year, 9, 15), hi))
        return self.in_term(lo, hi)

    def seed_opps(self) -> None:
        per_school = {
            SchoolKind.OPDC: (18, 20),
            SchoolKind.VSO_CLUSTER3: (16, 18),
            SchoolKind.VSO_CLUSTER4: (16, 18),
            SchoolKind.PRO: (16, 18),
            SchoolKind.VO: (6, 9),
        }
        ages = {SchoolKind.PRO: (12, 16), SchoolKind.OPDC: (12, 15), SchoolKind.VO: (12, 15)}
        years = list(range(self.first_year, self.first_year + SCHOOL_YEARS))
        # Longer windows (complete school years) get more placements than the current one.
        weights = [
            max((min(datetime.date(y + 1, 6, 30), self.today) - datetime.date(y, 8, 20)).days, 0)
            for y in years
        ]
        for school in self.schools:
            how_many = self.rng.randint(*per_school.get(school.kind, (6, 9)))
            for _ in range(how_many):
                year = self.rng.choices(years, weights)[0]
                placement = self.placement_in_year(school, year)
                if placement is None:
                    continue
                pupil = self.new_pupil(
                    school, placement, ages.get(school.kind, (12, 16)), new_at_school=True
                )
                late = self.rng.random() < (0.05 if school.kind == SchoolKind.OPDC else 0.12)
                self.create_opp(pupil, self.opp_fields(school, placement, late=late))
        # A few OPPs still not set more than 6 weeks after placement, and a few just placed.
        for kinds, ago in (
            ((SchoolKind.VO,), (43, 110)),
            ((SchoolKind.PRO,), (43, 110)),
            ((SchoolKind.VSO_CLUSTER4,), (50, 90)),
            ((SchoolKind.VO,), (3, 35)),
            ((SchoolKind.OPDC,), (1, 10)),
        ):
            school = self.rng.choice(self.schools_of(*kinds))
            placement = self.today - self.days(self.rng.randint(*ago))
            pupil = self.new_pupil(school, placement, (12, 15), new_at_school=True)
            fields: dict[str, Any] = {"placement_date": placement}
            if self.rng.random() < 0.5:
                fields.update(heard_on=placement + self.days(1), heard_how=HeardHow.WRITTEN)
            self.create_opp(pupil, fields)

    # --- thuiszitters ----------------------------------------------------------------------

    def absence_specs(self) -> list[dict[str, Any]]:
        """Kind, outcome and dates of every registration, before a school or pupil is chosen."""
        rng, today = self.rng, self.today
        earliest = datetime.date(self.first_year, 8, 25)
        specs = []
        for kind, count in OPEN:
            for i in range(count):
                short = kind == AbsenceKind.RELATIVE and i < OPEN_SHORT_RELATIVE
                since = (5, 20) if short else OPEN_SINCE[kind]
                start = today - self.days(rng.randint(*since))
                specs.append({"kind": kind, "start_date": start, "outcome": None})
        closed = [(k, o, n, DURATIONS[k]) for k, o, n in CLOSED]
        closed += [(AbsenceKind.RELATIVE, o, n, (6, 25)) for o, n in SHORT_RELATIVE]
        for kind, outcome, count, durations in closed:
            for _ in range(count):
                duration = rng.randint(*durations)
                start = self.in_term(earliest, today - self.days(duration + 1))
                end = start + self.days(duration)
                specs.append(
                    {"kind": kind, "start_date": start, "end_date": end, "outcome": outcome}
                )
        for index in rng.sample(range(len(specs)), INCOMPLETE):
            specs[index]["missing"] = rng.choice(
                ["plan", "plan", "last_contact_date", "last_contact_date", "partners", "reason"]
            )
        specs.sort(key=lambda s: (s["start_date"], s["kind"]))
        return specs

    def pupil_for_absence(self, kind: str, start: datetime.date) -> _Pupil:
        rng = self.rng
        school = self.pick_school(
            {
                SchoolKind.VO: 13,
                SchoolKind.PRO: 8 if kind != AbsenceKind.ABSOLUTE else 2,
                SchoolKind.VSO_CLUSTER3: 6,
                SchoolKind.VSO_CLUSTER4: 8,
                SchoolKind.OPDC: 5 if kind != AbsenceKind.ABSOLUTE else 1,
            }
        )
        free = [
            p
            for p in self.pupils
            if p.school == school and p.free_from < start and start.year - p.birth_year <= 18
        ]
        # Pupils of an OPDC, vso or PrO school have an OPP: a thuiszitter there is one of them.
        placed = [p for p in free if p.placed_on and (start - p.placed_on).days <= 400]
        if school.kind != SchoolKind.VO and placed and rng.random() < 0.9:
            return rng.choice(placed)
        returning = [p for p in free if p.placed_on is None]
        if returning and rng.random() < 0.12:
            return rng.choice(returning)
        ages = (13, 17) if kind == AbsenceKind.ABSOLUTE else (12, 17)
        return self.new_pupil(school, start, ages, new_at_school=False)

    def absence_fields(self, spec: dict[str, Any]) -> dict[str, Any]:
        rng, today = self.rng, self.today
        kind, start = spec["kind"], spec["start_date"]
        if kind == AbsenceKind.EXEMPTION:
            reason = rng.choice([ReasonCategory.PSYCHOLOGICAL, ReasonCategory.PHYSICAL])
        else:
            reason = rng.choices([r for r, _ in REASONS], [w for _, w in REASONS])[0]
        partners = [Partner.LEERPLICHT] if kind != AbsenceKind.ALLOWED else []
        others = [p for p in Partner.values if p not in (Partner.LEERPLICHT, Partner.OTHER)]
        partners += rng.sample(others, rng.randint(1, 2))
        last_seen = spec.get("end_date") or today
        fields: dict[str, Any] = {
            "kind": kind,
            "start_date": start,
            "reason_category": reason,
            "partners": sorted(set(partners), key=Partner.values.index),
            "plan": rng.choice(PLANS[reason]),
            "last_contact_date": max(start, last_seen - self.days(rng.randint(0, 21))),
        }
        if kind == AbsenceKind.EXEMPTION:
            fields["legal_ground"] = rng.choice(LEGAL_GROUNDS)
        missing = spec.get("missing")
        if missing == "reason":
            fields["reason_category"] = ""
        elif missing == "partners":
            fields["partners"] = []
        elif missing:
            fields[missing] = "" if missing == "plan" else None
        return fields

    def seed_absences(self) -> None:
        for spec in self.absence_specs():
            pupil = self.pupil_for_absence(spec["kind"], spec["start_date"])
            registration = services.absence_create(
                school=pupil.school, data={**pupil.fields(), **self.absence_fields(spec)}
            )
            if spec["outcome"] is None:
                pupil.free_from = NEVER
                continue
            services.absence_close(
                registration=registration,
                end_date=spec["end_date"],
                outcome=spec["outcome"],
                revision=registration.revision,
            )
            pupil.free_from = spec["end_date"]
            self.place_after(spec, pupil)

    def place_after(self, spec: dict[str, Any], pupil: _Pupil) -> None:
        """A thuiszitter who goes to an OPDC or a vso school gets an OPP there."""
        outcome = spec["outcome"]
        if outcome == Outcome.OPDC:
            kinds: tuple[str, ...] = (SchoolKind.OPDC,)
        elif outcome == Outcome.VSO:
            kinds = (SchoolKind.VSO_CLUSTER3, SchoolKind.VSO_CLUSTER4)
        else:
            return
        candidates = [s for s in self.schools_of(*kinds) if s != pupil.school]
        if not candidates:
            return
        school = self.rng.choice(candidates)
        placement = min(spec["end_date"] + self.days(self.rng.randint(0, 10)), self.today)
        new = self.new_pupil(school, placement, (12, 12), new_at_school=True)
        new.birth_year = pupil.birth_year  # the same child, with the new school's number
        self.create_opp(new, self.opp_fields(school, placement, late=False))

    # --- conversations ---------------------------------------------------------------------

    def seed_conversations(self) -> None:
        current = school_year_start(self.today).year
        for year, share in ((current - 2, 0.6), (current - 1, 0.8), (current, 0.3)):
            for school in self.schools:
                if self.rng.random() >= share:
                    continue
                held_on = self.between(datetime.date(year, 10, 1), datetime.date(year + 1, 6, 15))
                if held_on > self.today:
                    continue
                services.conversation_create(
                    school=school,
                    held_on=held_on,
                    participants=self.rng.choice(PARTICIPANTS),
                    notes=self.rng.choice(CONVERSATION_NOTES),
                )

    def run(self) -> None:
        self.seed_opps()
        self.seed_absences()
        self.seed_conversations()
