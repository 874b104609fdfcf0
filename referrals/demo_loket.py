"""Fictional Loket history for the RefSVO demo: five school years of TLVs, and the work in hand.

Nothing here is about a real pupil or a real deskundige. The history follows the seed OSP's
direction (fewer cluster-4 referrals each year, PrO steady); the current school year holds the
work a Loket has on its desk: a concept at a school, a submitted request, one with a question
back to the school, one waiting for its second advice, two ready for the coming meeting, one
past its handling term, and TLVs that end within the notice period.

Every row is written straight to the models, in the shape the Loket's services leave them (two
independent, submitted advices before every decision; the end date from the tenant's duration
rule; the retention dates set). Dates are computed from today so the set stays plausible
whenever it is seeded; a fixed ``random.Random`` keeps it the same from one run to the next.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from swvportal.accounts.models import Membership, Role
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School, Tenant

from .models import (
    Advice,
    AdviceConclusion,
    AgendaItem,
    AgendaOutcome,
    Category,
    CategoryAmount,
    DecisionOutcome,
    Deskundige,
    Discipline,
    DocumentKind,
    DossierDocument,
    ExternalReferral,
    FutureConversation,
    LoketMeeting,
    Objection,
    ObjectionOutcome,
    ObjectionStage,
    Pupil,
    RequestStatus,
    SupplementRequest,
    TlvDecision,
    TlvKind,
    TlvRequest,
)
from .services.loket_rules import OBJECTION_WEEKS, tlv_end_date
from .services.loket_workflow import loket_settings

SEED = 20262028
DAY = datetime.timedelta(days=1)

REQUESTING = ("99RA00", "99RB00", "99RC00", "99RD00", "99RE00")  # the regular vo schools
RECEIVING = {3: "99RG00", 4: "99RH00", TlvKind.PRO: "99RF00"}  # De Ark, Het Anker, Het Baken

# Decided requests per school year, oldest first: (cluster 3, cluster 4, PrO, refused).
HISTORY = [(7, 9, 10, 2), (7, 8, 11, 1), (6, 6, 9, 2), (6, 5, 10, 1), (3, 2, 4, 1)]
CATEGORIES = [Category.LOW] * 5 + [Category.MIDDLE] * 3 + [Category.HIGH] * 2
# External referrals per school year, oldest first (the seed: a falling trend).
EXTERNAL = [4, 3, 3, 2, 1]
DESTINATIONS = [
    "Vso De Horizon, Utrecht (buiten het samenwerkingsverband)",
    "Praktijkschool Het Spoor, Zwolle",
    "Vso De Sprong, Amersfoort",
]
# Amounts per category per calendar year: fictional round figures, 3% up each year.
AMOUNTS_2026 = {Category.LOW: 10950, Category.MIDDLE: 20100, Category.HIGH: 27950}

DESKUNDIGEN = {
    "deskundige@refsvo.example": (Discipline.ORTHOPEDAGOOG, "NVO 12345", ()),
    "deskundige2@refsvo.example": (Discipline.PSYCHOLOOG, "NIP 67890", ("99RG00",)),
}

PICTURES = [
    "De leerling loopt ondanks extra begeleiding en een aangepast rooster vast in de grote "
    "klassen; hij heeft structuur, kleine groepen en intensieve begeleiding nodig.",
    "Het leren gaat traag op alle vakken; de leerling leert het best in de praktijk, met veel "
    "herhaling en een vaste begeleider.",
    "De leerling raakt snel overprikkeld en is de afgelopen maanden vaak thuisgebleven; de "
    "school kan de nodige begeleiding niet langer bieden.",
]
STEPS = [
    "Arrangement met de ambulant begeleider, twee keer per week een coach, een aangepast "
    "rooster en overleg met jeugdhulp.",
    "Remedial teaching voor lezen en rekenen, een kleinere leerroute en gesprekken met ouders.",
]
REASONINGS_GRANTED = [
    "Beide deskundigen achten de leerling toelaatbaar: de ondersteuningsbehoefte overstijgt wat "
    "de school met extra ondersteuning kan bieden; het Loket volgt hun advies.",
    "De deskundigen zien een blijvende behoefte aan een kleine, voorspelbare leeromgeving; het "
    "Loket neemt de categorie over die zij adviseren.",
]
REASONINGS_REFUSED = [
    "De deskundigen zien nog mogelijkheden binnen de school met extra ondersteuning; die zijn "
    "niet benut. Het Loket geeft daarom (nog) geen TLV af.",
]


@dataclass
class _Context:
    tenant: Tenant
    rng: random.Random
    today: datetime.date
    schools: dict[str, School]
    experts: list[Deskundige]
    loket_user: object
    numbers: dict[int, int]
    pupils: int = 0

    def pupil_number(self, year: int) -> str:
        """Unique within the demo: 37 steps through 1000–9999 never meet themselves."""
        self.pupils += 1
        return f"{year}-{1000 + (self.pupils * 37) % 9000}"


def seed_loket(tenant: Tenant) -> dict[str, int]:
    """Runs inside the tenant's scope. Idempotent: a tenant that has TLV requests is left alone."""
    if not TlvRequest.objects.filter(tenant=tenant).exists():
        context = _context(tenant)
        if context is not None:
            _seed(context)
    return counts(tenant)


def counts(tenant: Tenant) -> dict[str, int]:
    return {
        "requests": TlvRequest.objects.filter(tenant=tenant).count(),
        "decisions": TlvDecision.objects.filter(tenant=tenant).count(),
        "deskundigen": Deskundige.objects.filter(tenant=tenant).count(),
    }


def _context(tenant: Tenant) -> _Context | None:
    schools = {s.brin: s for s in School.objects.filter(tenant=tenant)}
    if not all(b in schools for b in (*REQUESTING, *map(str, RECEIVING.values()))):
        return None
    experts = _seed_deskundigen(tenant)
    loket = Membership.objects.filter(tenant=tenant, role=Role.LOKET).select_related("user")
    if len(experts) < 2 or not loket.exists():
        return None
    settings = loket_settings(tenant)
    settings.objection_address = (
        "RefSVO, ter attentie van het Loket, Postbus 1000, 9999 ZZ Voorbeeldstad "
        "(info@refsvo.example)"
    )
    settings.letter_signatory = "De voorzitter van het Loket RefSVO"
    settings.save()
    _seed_amounts(tenant)
    return _Context(
        tenant=tenant,
        rng=random.Random(SEED),
        today=timezone.localdate(),
        schools=schools,
        experts=experts,
        loket_user=loket.first().user,
        numbers={},
    )


def _seed_deskundigen(tenant: Tenant) -> list[Deskundige]:
    experts = []
    for email, (discipline, registration, brins) in DESKUNDIGEN.items():
        membership = Membership.objects.filter(
            tenant=tenant, role=Role.DESKUNDIGE, user__email=email
        ).first()
        if membership is None:
            continue
        expert, _ = Deskundige.objects.get_or_create(
            tenant=tenant,
            membership=membership,
            defaults={"discipline": discipline, "registration": registration},
        )
        expert.schools.set(School.objects.filter(tenant=tenant, brin__in=brins))
        experts.append(expert)
    return experts


def _seed_amounts(tenant: Tenant) -> None:
    this_year = timezone.localdate().year
    for year in range(this_year - 4, this_year + 2):
        factor = Decimal("1.03") ** (year - 2026)
        for category, amount in AMOUNTS_2026.items():
            CategoryAmount.objects.get_or_create(
                tenant=tenant,
                year=year,
                kind=TlvKind.VSO,
                category=category,
                defaults={"amount": (Decimal(amount) * factor).quantize(Decimal("1"))},
            )


def _seed(c: _Context) -> None:
    current = SchoolYear.from_date(c.today)
    for offset, (c3, c4, pro, refused) in enumerate(HISTORY):
        year = current - (len(HISTORY) - 1 - offset)
        plan = [(TlvKind.VSO, 3)] * c3 + [(TlvKind.VSO, 4)] * c4 + [(TlvKind.PRO, None)] * pro
        plan += [(TlvKind.VSO, c.rng.choice((3, 4)), "refused")] * refused
        for n, item in enumerate(plan):
            _decided(c, year, n, len(plan), *item)
        for n in range(EXTERNAL[offset]):
            _external_referral(c, year, n)
    _objections(c)
    _expiring_soon(c)
    _work_in_hand(c)


# --- History ------------------------------------------------------------------------------------


def _decided(c, year, n, of, kind, cluster, refused=None) -> TlvDecision:
    """A request of ``year`` with both advices, and its decision."""
    # Spread over the school year, never in the future, never on a weekend.
    span = max(min((c.today - year.first_day).days, 330), 30)
    submitted = _weekday(year.first_day + DAY * (15 + n * (span - 60) // max(of, 1)))
    submitted = min(submitted, c.today - DAY * 70)
    tlv = _request(c, kind=kind, cluster=cluster, submitted=submitted)
    decided_on = _weekday(submitted + DAY * c.rng.randint(20, 44))
    _advices(c, tlv, submitted, admissible=refused is None)
    granted = refused is None
    start = _weekday(decided_on + DAY * 14) if granted else None
    settings = loket_settings(c.tenant)
    decision = TlvDecision.objects.create(
        tenant=c.tenant,
        school=tlv.school,
        pupil=tlv.pupil,
        request=tlv,
        outcome=DecisionOutcome.GRANTED if granted else DecisionOutcome.REFUSED,
        kind=kind,
        cluster=cluster,
        category=tlv.requested_category if granted else "",
        start_date=start,
        end_date=tlv_end_date(start, settings) if granted else None,
        receiving_school=tlv.receiving_school,
        reasoning=c.rng.choice(REASONINGS_GRANTED if granted else REASONINGS_REFUSED),
        decided_on=decided_on,
        sent_on=decided_on + DAY,
        decided_by=c.loket_user,
    )
    final = decision.end_date if granted else decided_on + DAY + OBJECTION_WEEKS * 7 * DAY
    decision.retention_from_date = final
    decision.save(update_fields=["retention_from_date"])
    status = RequestStatus.CLOSED if final < c.today or granted else RequestStatus.DECIDED
    TlvRequest.objects.filter(pk=tlv.pk).update(
        status=status,
        review_started_on=submitted + DAY * 3,
        decided_on=decided_on,
        closed_on=decided_on + DAY * 2 if status == RequestStatus.CLOSED else None,
        retention_from_date=final,
    )
    if granted and cluster == 4:
        held = decided_on + DAY * 30
        FutureConversation.objects.create(
            tenant=c.tenant,
            school=tlv.school,
            decision=decision,
            planned_on=held,
            held_on=held if held < c.today - DAY * 14 else None,
            note="Besproken hoe de school een volgende verwijzing kan voorkomen."
            if held < c.today - DAY * 14
            else "",
        )
    return decision


def _request(
    c, *, kind, cluster, submitted, status=RequestStatus.SUBMITTED, school=None, **extra
) -> TlvRequest:
    school = school or c.schools[c.rng.choice(REQUESTING)]
    pupil = Pupil.objects.create(
        tenant=c.tenant,
        school=school,
        pupil_number=c.pupil_number(submitted.year),
        birth_year=submitted.year - c.rng.randint(12, 15),
    )
    year = submitted.year
    c.numbers[year] = c.numbers.get(year, 0) + 1
    receiving = c.schools[RECEIVING[cluster if kind == TlvKind.VSO else kind]]
    fields = {
        "tenant": c.tenant,
        "school": school,
        "pupil": pupil,
        "reference": f"TLV-{year}-{c.numbers[year]:04d}",
        "kind": kind,
        "cluster": cluster if kind == TlvKind.VSO else None,
        "requested_category": c.rng.choice(CATEGORIES) if kind == TlvKind.VSO else "",
        "receiving_school": receiving,
        "requested_start": submitted + DAY * 56,
        "integrated_picture": c.rng.choice(PICTURES),
        "steps_taken": c.rng.choice(STEPS),
        "parents_view": "De ouders zijn betrokken en steunen de aanvraag.",
        "parents_consent_on": submitted - DAY * 5,
        "parents_consent_by": c.rng.choice(("Moeder", "Vader", "Beide ouders")),
        "status": status,
        "submitted_on": submitted if status != RequestStatus.CONCEPT else None,
        **extra,
    }
    if kind == TlvKind.PRO:
        fields.update(
            iq_total=c.rng.randint(62, 78),
            iq_test="WISC-V",
            iq_tested_on=submitted - DAY * 40,
            dle_technical_reading=c.rng.randint(18, 29),
            dle_reading_comprehension=c.rng.randint(15, 28),
            dle_spelling=c.rng.randint(20, 35),
            dle_maths=c.rng.randint(14, 29),
        )
    tlv = TlvRequest.objects.create(**fields)
    TlvRequest.objects.filter(pk=tlv.pk).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(submitted - DAY * 7, datetime.time(10))
        )
    )
    return tlv


def _advices(c, tlv, submitted, *, admissible=True, first=True, second=True) -> None:
    """Both deskundigen assigned; ``first`` and ``second``: whose advice is in (signed)."""
    for position, expert in ((1, c.experts[0]), (2, c.experts[1])):
        done = first if position == 1 else second
        Advice.objects.create(
            tenant=c.tenant,
            request=tlv,
            deskundige=expert,
            position=position,
            assigned_on=submitted + DAY * 3,
            assigned_by=c.loket_user,
            no_involvement_declared_on=submitted + DAY * 4 if done else None,
            personal=done,
            conclusion=(
                AdviceConclusion.ADMISSIBLE if admissible else AdviceConclusion.NOT_ADMISSIBLE
            )
            if done
            else "",
            advised_category=tlv.requested_category if done and admissible else "",
            reasoning=(
                "Op grond van het dossier en een gesprek met de leerling en de ouders: "
                + ("toelaatbaar." if admissible else "de school heeft nog mogelijkheden.")
            )
            if done
            else "",
            advised_on=submitted + DAY * (10 + position * 3) if done else None,
            submitted_at=timezone.make_aware(
                datetime.datetime.combine(submitted + DAY * (10 + position * 3), datetime.time(16))
            )
            if done
            else None,
        )


def _external_referral(c, year, n) -> None:
    day = _weekday(min(year.first_day + DAY * (40 + n * 70), c.today - DAY * 10))
    school = c.schools[c.rng.choice(REQUESTING)]
    pupil = Pupil.objects.create(
        tenant=c.tenant,
        school=school,
        pupil_number=c.pupil_number(day.year),
        birth_year=day.year - c.rng.randint(12, 16),
    )
    referral = ExternalReferral.objects.create(
        tenant=c.tenant,
        school=school,
        pupil=pupil,
        referred_on=day,
        destination=c.rng.choice(DESTINATIONS),
        note="Ouders kozen na verhuizing voor een school buiten het samenwerkingsverband.",
    )
    if day < c.today - DAY * 60:
        FutureConversation.objects.create(
            tenant=c.tenant,
            school=school,
            referral=referral,
            planned_on=day + DAY * 21,
            held_on=day + DAY * 21,
            note="Gesproken over wat de school eerder had kunnen bieden.",
        )


def _objections(c) -> None:
    """On three refusals: one well-founded, one unfounded, and the latest still running."""
    refusals = list(
        TlvDecision.objects.filter(tenant=c.tenant, outcome=DecisionOutcome.REFUSED).order_by(
            "decided_on"
        )
    )
    picks = refusals[:1] + refusals[len(refusals) // 2 : len(refusals) // 2 + 1] + refusals[-1:]
    outcomes = [ObjectionOutcome.WELL_FOUNDED, ObjectionOutcome.UNFOUNDED, None]
    for decision, outcome in zip(picks, outcomes, strict=False):
        received = decision.sent_on + DAY * 20
        Objection.objects.create(
            tenant=c.tenant,
            decision=decision,
            received_on=received,
            stage=ObjectionStage.DECIDED if outcome else ObjectionStage.ADVICE_ASKED,
            with_committee=True,
            advice_asked_on=received + DAY * 5,
            hearing_on=received + DAY * 40 if outcome else None,
            outcome=outcome or "",
            decided_on=received + DAY * 70 if outcome else None,
            note="Ouders zijn het niet eens met de afwijzing.",
        )


def _expiring_soon(c) -> None:
    """Three TLVs taken over from the former system, whose end dates fall within the notice
    period (the former rule gave periods in months)."""
    for n, days in enumerate((45, 80, 130)):
        start = c.today - DAY * (365 * 2 - days)
        submitted = _weekday(start - DAY * 50)
        tlv = _request(c, kind=TlvKind.VSO, cluster=3 if n else 4, submitted=submitted)
        end = c.today + DAY * days
        decision = TlvDecision.objects.create(
            tenant=c.tenant,
            school=tlv.school,
            pupil=tlv.pupil,
            request=tlv,
            outcome=DecisionOutcome.GRANTED,
            kind=TlvKind.VSO,
            cluster=tlv.cluster,
            category=tlv.requested_category,
            start_date=start,
            end_date=end,
            receiving_school=tlv.receiving_school,
            reasoning="Overgenomen uit het vorige registratiesysteem.",
            decided_on=submitted + DAY * 30,
            sent_on=submitted + DAY * 31,
            imported=True,
            retention_from_date=end,
        )
        TlvRequest.objects.filter(pk=tlv.pk).update(
            status=RequestStatus.CLOSED,
            decided_on=decision.decided_on,
            closed_on=decision.decided_on,
            retention_from_date=end,
        )


# --- The work in hand ---------------------------------------------------------------------------


def _work_in_hand(c) -> None:
    """The demo zorgcoördinator's school (Lindenhof College) has a concept, a question from the
    Loket to answer, a request waiting for its second advice and the two on the coming meeting's
    agenda: one login shows the whole way."""
    today = c.today
    lindenhof = c.schools["99RA00"]
    # A concept at the demo zorgcoördinator's school (Lindenhof College), not yet complete.
    _request(
        c,
        kind=TlvKind.VSO,
        cluster=3,
        submitted=today,
        status=RequestStatus.CONCEPT,
        school=lindenhof,
        parents_consent_on=None,
        parents_consent_by="",
    )
    # Submitted last week, complete, not yet picked up.
    fresh = _request(c, kind=TlvKind.PRO, cluster=None, submitted=_weekday(today - DAY * 6))
    _document(c, fresh, DocumentKind.RESEARCH)
    # A question back to the school, still open: the clock stands still. Both deskundigen are
    # assigned and wait for the answer; the school has added the report, not yet answered.
    asked = _request(
        c,
        kind=TlvKind.VSO,
        cluster=4,
        submitted=_weekday(today - DAY * 24),
        status=RequestStatus.SUPPLEMENT,
        review_started_on=today - DAY * 20,
        school=lindenhof,
    )
    _advices(c, asked, asked.submitted_on, first=False, second=False)
    question = SupplementRequest.objects.create(
        tenant=c.tenant,
        request=asked,
        asked_on=today - DAY * 9,
        question="Wilt u het verslag van het psychologisch onderzoek van vorig jaar toevoegen?",
        asked_by=c.loket_user,
    )
    school_user = _school_user(c, lindenhof)
    _document(c, asked, DocumentKind.RESEARCH, supplement=question, by=school_user)
    # Waiting for its second advice.
    waiting = _request(
        c,
        kind=TlvKind.VSO,
        cluster=3,
        submitted=_weekday(today - DAY * 20),
        status=RequestStatus.IN_REVIEW,
        review_started_on=today - DAY * 17,
        school=lindenhof,
    )
    _advices(c, waiting, waiting.submitted_on, second=False)
    # Past its handling term of six weeks, also waiting for the second advice.
    late = _request(
        c,
        kind=TlvKind.VSO,
        cluster=4,
        submitted=_weekday(today - DAY * 50),
        status=RequestStatus.IN_REVIEW,
        review_started_on=today - DAY * 46,
    )
    _advices(c, late, late.submitted_on, second=False)
    # Two ready for the coming meeting: both advices in.
    ready = []
    for kind, cluster in ((TlvKind.VSO, 3), (TlvKind.PRO, None)):
        tlv = _request(
            c,
            kind=kind,
            cluster=cluster,
            submitted=_weekday(today - DAY * 30),
            status=RequestStatus.IN_REVIEW,
            review_started_on=today - DAY * 27,
            school=lindenhof,
        )
        _advices(c, tlv, tlv.submitted_on)
        ready.append(tlv)
    for tlv in (fresh, asked, waiting, late, *ready):
        _document(c, tlv, DocumentKind.OPP if tlv.kind == TlvKind.VSO else DocumentKind.RESEARCH)
        _document(c, tlv, DocumentKind.PARENTS_VIEW)
    _meetings(c, ready)


def _meetings(c, ready: list[TlvRequest]) -> None:
    members = list(
        Membership.objects.filter(tenant=c.tenant, role__in=(Role.LOKET, Role.DESKUNDIGE))
    )
    past = LoketMeeting.objects.create(
        tenant=c.tenant,
        held_on=_weekday(c.today - DAY * 28),
        location="Kantoor RefSVO",
        notes="Vaste vergadering van het Loket.",
    )
    past.members_present.set(members)
    for order, decision in enumerate(
        TlvDecision.objects.filter(tenant=c.tenant, decided_on__lte=past.held_on).order_by(
            "-decided_on"
        )[:2],
        start=1,
    ):
        AgendaItem.objects.create(
            tenant=c.tenant,
            meeting=past,
            request_id=decision.request_id,
            order=order,
            discussion="Beide adviezen besproken; het Loket volgt de deskundigen.",
            outcome=AgendaOutcome.DECIDED,
        )
        TlvDecision.objects.filter(pk=decision.pk).update(meeting=past)
    coming = LoketMeeting.objects.create(
        tenant=c.tenant, held_on=_weekday(c.today + DAY * 7), location="Kantoor RefSVO"
    )
    for order, tlv in enumerate(ready, start=1):
        AgendaItem.objects.create(tenant=c.tenant, meeting=coming, request=tlv, order=order)


# A one-page PDF in a few bytes: the demo's stand-in for a scanned document.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _school_user(c, school: School):
    """The school's zorgcoördinator (who uploads for the school), else the Loket's user."""
    member = (
        Membership.objects.filter(tenant=c.tenant, role=Role.ZORGCOORDINATOR, schools=school)
        .select_related("user")
        .first()
    )
    return member.user if member else c.loket_user


def _document(c, tlv: TlvRequest, kind: str, *, supplement=None, by=None) -> None:
    content = _PDF + f"% {kind} {tlv.reference}\n".encode()
    digest = hashlib.sha256(content).hexdigest()
    document = DossierDocument(
        tenant=c.tenant,
        request=tlv,
        kind=kind,
        original_name=f"{kind}-{tlv.reference}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=digest,
        uploaded_by=by or c.loket_user,
        supplement=supplement,
    )
    document.file.save(f"{digest}.bin", ContentFile(content), save=False)
    document.save()


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= DAY
    return day
