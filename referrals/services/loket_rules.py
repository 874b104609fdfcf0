"""The Loket's rules as plain functions of plain values (domain.md §5), one place for each:

* the handling term and its pauses (``handling_deadline``, ``handling_days``);
* the complete-dossier checklist (``checklist``);
* the PrO and LWOO criteria, shown as advice, never as the decision (``pro_advice``,
  ``lwoo_advice``);
* the independence of the two deskundigen (``independence_problems``);
* the duration of a granted TLV (``tlv_end_date``);
* the Awb's deadlines of an objection (``objection_deadlines``).

Every rule that differs per SWV reads the tenant's ``LoketSettings``; nothing here queries the
database, so the table-driven tests run each rule over its boundaries directly, and the page and
the service read the very same answer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from swvportal.core.schoolyear import SchoolYear, add_years

from ..models.loket import (
    DLE_FIELDS,
    Discipline,
    DocumentKind,
    DurationRule,
    LoketSettings,
    TlvKind,
    TlvRequest,
)

WEEK = datetime.timedelta(weeks=1)

# --- The handling term --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pause:
    """A question back to the school: the clock stands still from ``start`` to ``end``
    (still open: to today)."""

    start: datetime.date
    end: datetime.date | None = None

    def days(self, until: datetime.date) -> int:
        end = min(self.end, until) if self.end else until
        return max((end - self.start).days, 0)


def paused_days(pauses: Iterable[Pause], until: datetime.date) -> int:
    return sum(p.days(until) for p in pauses)


def handling_deadline(
    submitted_on: datetime.date | None,
    pauses: Iterable[Pause],
    *,
    weeks: int,
    today: datetime.date,
) -> datetime.date | None:
    """The day by which the Loket decides: ``weeks`` after submitting, plus every day the
    dossier was with the school. While a question is open the deadline moves on with today."""
    if submitted_on is None:
        return None
    return submitted_on + weeks * WEEK + datetime.timedelta(days=paused_days(pauses, today))


def handling_days(
    submitted_on: datetime.date | None, pauses: Iterable[Pause], *, until: datetime.date
) -> int | None:
    """Days the request was with the Loket, from submitting until ``until`` (the decision, or
    today), without the paused days."""
    if submitted_on is None:
        return None
    pauses = list(pauses)
    return max((until - submitted_on).days - paused_days(pauses, until), 0)


def is_overdue(
    submitted_on: datetime.date | None,
    pauses: Iterable[Pause],
    *,
    weeks: int,
    today: datetime.date,
    decided_on: datetime.date | None = None,
) -> bool:
    """Past the deadline without a decision (or decided after it)."""
    deadline = handling_deadline(submitted_on, pauses, weeks=weeks, today=decided_on or today)
    if deadline is None:
        return False
    return (decided_on or today) > deadline


# --- The dossier checklist ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool


def checklist(
    request: TlvRequest, present: Iterable[str], settings: LoketSettings
) -> list[ChecklistItem]:
    """What a complete dossier holds for this kind of request, each item done or not.

    ``present`` are the kinds of the documents in the dossier. The OPP counts when it is linked
    or uploaded; the parents' view when it is written or uploaded.
    """
    present = set(present)
    required = set(settings.required_documents.get(request.kind, []))
    items: list[ChecklistItem] = []

    def add(label: str, done: bool) -> None:
        items.append(ChecklistItem(label, bool(done)))

    if request.kind == TlvKind.VSO:
        add("Cluster en gevraagde categorie", request.cluster and request.requested_category)
    add("Beoogde school", request.receiving_school_id or request.receiving_school_name.strip())
    add("Gewenste ingangsdatum", request.requested_start)
    add("Integratief beeld", request.integrated_picture.strip())
    add("Wat de school al heeft gedaan", request.steps_taken.strip())
    needs_opp = DocumentKind.OPP in required or (
        request.kind == TlvKind.VSO and settings.opp_required_for_vso
    )
    if needs_opp:
        add("OPP (gekoppeld of als stuk)", request.opp_id or DocumentKind.OPP in present)
    add(
        "Zienswijze van de ouders (tekst of stuk)",
        request.parents_view.strip() or DocumentKind.PARENTS_VIEW in present,
    )
    add(
        "Toestemming van de ouders (datum en door wie)",
        request.parents_consent_on and request.parents_consent_by.strip(),
    )
    if request.kind in (TlvKind.PRO, TlvKind.LWOO):
        add(
            "Testgegevens: totaal-IQ met test en datum",
            request.iq_total is not None and request.iq_test.strip() and request.iq_tested_on,
        )
        add(
            "Testgegevens: DLE op alle vier de domeinen",
            all(getattr(request, name) is not None for name in DLE_FIELDS),
        )
    labels = dict(DocumentKind.choices)
    for kind in sorted(required - {DocumentKind.OPP, DocumentKind.PARENTS_VIEW}):
        add(f"Stuk: {labels.get(kind, kind)}", kind in present)
    return items


def dossier_missing(
    request: TlvRequest, present: Iterable[str], settings: LoketSettings
) -> list[str]:
    """What the dossier still lacks: the reasons it cannot be submitted yet."""
    return [
        f"Het dossier is nog niet volledig: {item.label.lower()} ontbreekt."
        for item in checklist(request, present, settings)
        if not item.done
    ]


# --- PrO and LWOO criteria ----------------------------------------------------------------------

DLE_LABELS = {
    "dle_technical_reading": "technisch lezen",
    "dle_reading_comprehension": "begrijpend lezen",
    "dle_spelling": "spellen",
    "dle_maths": "inzichtelijk rekenen",
}
# At least one of the domains that meet the criterion must be one of these.
CORE_DOMAINS = ("dle_reading_comprehension", "dle_maths")


@dataclass(frozen=True)
class CriteriaAdvice:
    """Whether the test data meet the tenant's criteria. ``meets`` is None while data are
    missing. Advice for the Loket, never the decision."""

    kind: str
    meets: bool | None
    reasons: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        name = "PrO" if self.kind == TlvKind.PRO else "LWOO"
        if self.meets is None:
            return f"Nog niet te beoordelen aan de criteria voor {name}."
        word = "voldoen aan" if self.meets else "voldoen niet aan"
        return f"De testgegevens {word} de criteria voor {name} (advies, geen besluit)."


def _domains(
    dle: Mapping[str, int | None], settings: LoketSettings, within
) -> tuple[list[str], list[str]]:
    missing = [DLE_LABELS[name] for name in DLE_FIELDS if dle.get(name) is None]
    hits = [name for name in DLE_FIELDS if dle.get(name) is not None and within(dle[name])]
    return missing, hits


def _domain_reasons(hits: Sequence[str], settings: LoketSettings, band: str) -> list[str]:
    reasons = []
    enough = len(hits) >= settings.criteria_min_domains
    named = ", ".join(DLE_LABELS[h] for h in hits) or "geen enkel domein"
    reasons.append(
        f"DLE {band} op {len(hits)} domein(en) ({named}); nodig: ten minste "
        f"{settings.criteria_min_domains}."
    )
    if enough and not any(h in CORE_DOMAINS for h in hits):
        reasons.append("Geen van die domeinen is begrijpend lezen of inzichtelijk rekenen.")
    return reasons


def _meets_domains(hits: Sequence[str], settings: LoketSettings) -> bool:
    return len(hits) >= settings.criteria_min_domains and any(h in CORE_DOMAINS for h in hits)


def pro_advice(
    iq_total: int | None, dle: Mapping[str, int | None], settings: LoketSettings
) -> CriteriaAdvice:
    """PrO: IQ from ``pro_iq_min`` up to and including ``pro_iq_max``, and a DLE below
    ``pro_dle_below`` on at least ``criteria_min_domains`` domains, one of them begrijpend lezen
    or inzichtelijk rekenen."""
    missing, hits = _domains(dle, settings, lambda v: v < settings.pro_dle_below)
    if iq_total is None or missing:
        gaps = (["totaal-IQ"] if iq_total is None else []) + [f"DLE {m}" for m in missing]
        return CriteriaAdvice(TlvKind.PRO, None, [f"Nog niet ingevuld: {', '.join(gaps)}."])
    iq_ok = settings.pro_iq_min <= iq_total <= settings.pro_iq_max
    reasons = [
        f"IQ {iq_total}: {'binnen' if iq_ok else 'buiten'} {settings.pro_iq_min}–"
        f"{settings.pro_iq_max}."
    ]
    reasons += _domain_reasons(hits, settings, f"onder {settings.pro_dle_below}")
    return CriteriaAdvice(TlvKind.PRO, iq_ok and _meets_domains(hits, settings), reasons)


def lwoo_advice(dle: Mapping[str, int | None], settings: LoketSettings) -> CriteriaAdvice:
    """LWOO: a DLE from ``lwoo_dle_min`` up to and including ``lwoo_dle_max`` on at least
    ``criteria_min_domains`` domains, one of them begrijpend lezen or inzichtelijk rekenen."""
    missing, hits = _domains(
        dle, settings, lambda v: settings.lwoo_dle_min <= v <= settings.lwoo_dle_max
    )
    if missing:
        gaps = ", ".join(f"DLE {m}" for m in missing)
        return CriteriaAdvice(TlvKind.LWOO, None, [f"Nog niet ingevuld: {gaps}."])
    band = f"van {settings.lwoo_dle_min} tot en met {settings.lwoo_dle_max}"
    reasons = _domain_reasons(hits, settings, band)
    return CriteriaAdvice(TlvKind.LWOO, _meets_domains(hits, settings), reasons)


def criteria_advice(request: TlvRequest, settings: LoketSettings) -> CriteriaAdvice | None:
    """The advice for a PrO or LWOO request; None for other kinds."""
    if request.kind == TlvKind.PRO:
        return pro_advice(request.iq_total, request.dle_scores(), settings)
    if request.kind == TlvKind.LWOO:
        return lwoo_advice(request.dle_scores(), settings)
    return None


# --- The independence of the deskundigen --------------------------------------------------------


class Expert(Protocol):
    """What the check reads of a deskundige (``Deskundige`` has it)."""

    pk: int
    name: str
    discipline: str

    @property
    def discipline_label(self) -> str: ...


@dataclass(frozen=True)
class Assigned:
    """One assignment as the check sees it: who, in which position, and what they declared."""

    position: int
    expert: Expert
    school_ids: frozenset[int]
    declared_no_involvement: bool = False
    personal: bool = False
    submitted: bool = False


POSITION_NAMES = {1: "eerste", 2: "tweede"}


def _disciplines_text(codes: Iterable[str]) -> str:
    labels = dict(Discipline.choices)
    names = [str(labels.get(c, c)).lower() for c in codes]
    if len(names) <= 1:
        return "".join(names) or "(geen discipline ingesteld)"
    return ", ".join(names[:-1]) + " of " + names[-1]


def independence_problems(
    assigned: Sequence[Assigned],
    *,
    requesting_school_id: int,
    settings: LoketSettings,
    for_decision: bool = False,
) -> list[str]:
    """Why these assignments are not two independent deskundigen, each reason naming its rule
    (empty: they are). On assignment the declarations and advices may still follow; for the
    decision (``for_decision``) both must be there."""
    problems: list[str] = []
    by_position = {a.position: a for a in assigned}
    rules = {
        1: (settings.first_disciplines, settings.first_may_work_at_school),
        2: (settings.second_disciplines, settings.second_may_work_at_school),
    }
    people = [a.expert.pk for a in assigned]
    if len(people) != len(set(people)):
        problems.append(
            "Regel 'twee verschillende deskundigen': dezelfde deskundige kan niet beide "
            "adviezen geven."
        )
    for position, (disciplines, may_work_at_school) in rules.items():
        one = by_position.get(position)
        word = POSITION_NAMES[position]
        if one is None:
            if for_decision:
                problems.append(f"Regel 'twee adviezen': er is nog geen {word} deskundige.")
            continue
        name = one.expert.name
        if one.expert.discipline not in disciplines:
            problems.append(
                f"Regel 'discipline van de {word} deskundige': dit moet een "
                f"{_disciplines_text(disciplines)} zijn; {name} is "
                f"{one.expert.discipline_label.lower()}."
            )
        if not may_work_at_school and requesting_school_id in one.school_ids:
            problems.append(
                f"Regel 'onafhankelijk van de school': {name} werkt op de aanvragende school en "
                f"kan daarom niet de {word} deskundige zijn."
            )
        if for_decision:
            if not one.declared_no_involvement:
                problems.append(
                    f"Regel 'niet betrokken bij de leerling': {name} heeft nog niet verklaard "
                    f"niet bij de leerling betrokken te zijn."
                )
            if not one.submitted:
                problems.append(
                    f"Regel 'twee adviezen': het advies van de {word} deskundige ({name}) is "
                    f"nog niet ingediend."
                )
            elif not one.personal:
                problems.append(
                    f"Regel 'persoonlijk advies': het advies van {name} is niet als eigen advies "
                    f"ondertekend; een gezamenlijk advies van een commissie telt niet als een "
                    f"van de twee."
                )
    return problems


# --- The duration of a TLV ----------------------------------------------------------------------


def tlv_end_date(start: datetime.date, settings: LoketSettings) -> datetime.date:
    """The end date of a TLV granted from ``start``: always at least one year (the law's
    minimum), and always the last day of a school year (31 July).

    * ``einde_schooljaar`` (RefSVO): the period of ``duration_years`` years from ``start`` ends
      in some school year; the TLV runs until that school year's 31 July.
    * ``schooljaren``: ``duration_years`` whole school years, counting the one ``start`` is in;
      one more when that would be shorter than a year.
    """
    years = max(settings.duration_years, 1)
    if settings.duration_rule == DurationRule.SCHOOL_YEARS:
        end = (SchoolYear.from_date(start) + (years - 1)).last_day
        while end < one_year_from(start):
            end = SchoolYear.from_date(end).next.last_day
        return end
    period_ends = add_years(start, years) - datetime.timedelta(days=1)
    return SchoolYear.from_date(period_ends).last_day


def one_year_from(start: datetime.date) -> datetime.date:
    """The last day of the law's minimum of one year from ``start`` (from 29 February: the
    27th of the next February)."""
    return add_years(start, 1) - datetime.timedelta(days=1)


# --- Objections (Awb) ---------------------------------------------------------------------------

OBJECTION_WEEKS = 6  # Awb 6:7: the objection period
DECISION_WEEKS = 6  # Awb 7:10 lid 1, without an advisory committee
DECISION_WEEKS_COMMITTEE = 12  # … with one (Awb 7:13)
EXTENSION_WEEKS = 6  # Awb 7:10 lid 3: once
SOON = datetime.timedelta(weeks=2)


@dataclass(frozen=True)
class ObjectionDeadlines:
    objection_period_ends: datetime.date
    late: bool  # received after the objection period
    decision_due: datetime.date
    warnings: list[str]


def objection_deadlines(
    *,
    decision_sent_on: datetime.date,
    received_on: datetime.date,
    with_committee: bool,
    extended: bool,
    decided_on: datetime.date | None,
    today: datetime.date,
) -> ObjectionDeadlines:
    """The objection period runs 6 weeks from the day after the decision was sent (Awb 6:8);
    the decision on the objection is due 6 weeks after that period ends, 12 with an advisory
    committee (Awb 7:10), plus 6 weeks when extended once."""
    period_ends = decision_sent_on + OBJECTION_WEEKS * WEEK
    weeks = DECISION_WEEKS_COMMITTEE if with_committee else DECISION_WEEKS
    if extended:
        weeks += EXTENSION_WEEKS
    due = period_ends + weeks * WEEK
    late = received_on > period_ends
    warnings = []
    if late:
        warnings.append(
            f"Het bezwaar kwam binnen na de bezwaartermijn (die liep tot en met "
            f"{period_ends:%d-%m-%Y}): beoordeel of het ontvankelijk is."
        )
    if decided_on is None:
        if today > due:
            warnings.append(f"De beslistermijn is verstreken op {due:%d-%m-%Y}.")
        elif due - today <= SOON:
            warnings.append(f"De beslistermijn verloopt op {due:%d-%m-%Y}.")
    elif decided_on > due:
        warnings.append(f"Er is na de beslistermijn ({due:%d-%m-%Y}) op het bezwaar beslist.")
    return ObjectionDeadlines(period_ends, late, due, warnings)
