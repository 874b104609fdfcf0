"""The dashboard calculations over pupil records (domain.md §6–§8): thuiszitters and OPPs.

Registered into the platform's registry (``swvportal.core.calculations``, which holds the rules
every calculation keeps) by importing this module from ``referrals.portal``; the dashboard finds
them there by name and never imports this module.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum

from swvportal.core.calculations import (
    COUNT,
    PERCENT,
    EpochDay,
    Figure,
    Result,
    calculation,
    count_where,
    epoch_day,
    in_period,
    percentage_by_school,
    period_start,
    round_one,
)
from swvportal.tenancy.models import SchoolKind

from .models import (
    ANONYMISED_FIELDS,
    DEFAULT_REQUIRED_FIELDS,
    RELATIVE_ABSENCE_THRESHOLD_DAYS,
    AbsenceKind,
    AbsenceRegistration,
    OppRegistration,
    Outcome,
    RegistrationSettings,
)

# Every outcome that puts the pupil back in education; "geen" and blank (not closed) do not.
BACK_IN_EDUCATION = tuple(o for o in Outcome.values if o != Outcome.NONE)


def _open_on(on: datetime.date) -> Q:
    """A registration that is running on ``on``: started, and not ended on or before it."""
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gt=on))


# --- Thuiszitters ------------------------------------------------------------------------------

SHORT_RELATIVE = "relatief_korter_dan_4_weken"


@dataclass
class _AbsenceTally:
    """Registrations open on P, by how they count: for the tenant or for one school."""

    today: int  # the peildatum as an EpochDay number
    counts: Counter[str] = field(default_factory=Counter)
    days: int = 0  # P - start_date, summed over the thuiszitters

    def add(self, kind: str, n: int, n_long: int, day_all: int, day_long: int | None) -> None:
        """One group of the query: a kind at a school, with counts and sums of day numbers."""
        if kind == AbsenceKind.RELATIVE:  # at home, but under 4 weeks: not a thuiszitter yet
            self.counts[SHORT_RELATIVE] += n - n_long
            self.counts[kind] += n_long
            self.days += n_long * self.today - (day_long or 0)
        else:
            self.counts[kind] += n
            if kind == AbsenceKind.ABSOLUTE:
                self.days += n * self.today - day_all

    def figure(self) -> Figure:
        c = self.counts
        thuiszitters = c[AbsenceKind.ABSOLUTE] + c[AbsenceKind.RELATIVE]
        average = round_one(Decimal(self.days) / thuiszitters) if thuiszitters else None
        details = {
            "per_soort": {"absoluut": c[AbsenceKind.ABSOLUTE], "relatief": c[AbsenceKind.RELATIVE]},
            "vrijstellingen": c[AbsenceKind.EXEMPTION],
            "geoorloofd": c[AbsenceKind.ALLOWED],
            SHORT_RELATIVE: c[SHORT_RELATIVE],
            "gemiddelde_duur_dagen": float(average) if average is not None else None,
        }
        return Figure(Decimal(thuiszitters), c.total(), details)


@calculation(
    "thuiszitters",
    "Thuiszitters op de peildatum",
    COUNT,
    "Het aantal leerlingen dat op de peildatum thuiszit: absoluut verzuim, en relatief verzuim "
    "dat op die dag 4 weken of langer duurt. Vrijstellingen en geoorloofd thuiszitten worden "
    "apart geteld en tellen niet mee.",
)
def thuiszitters(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Thuiszitters on the peildatum P (domain.md §6).

    Population (``records``): registrations open on P, i.e. ``start_date <= P`` and no end date
    or ``end_date > P`` (a registration that ends on P is no longer open on P). Value: those that
    count as thuiszitter on P, as ``AbsenceRegistration.counts_as_thuiszitter``: absoluut, and
    relatief with ``start_date <= P - 28 days``. Details: ``per_soort`` (absoluut, relatief), the
    open ``vrijstellingen`` and ``geoorloofd`` and the relatief shorter than 4 weeks, counted
    apart, and ``gemiddelde_duur_dagen``: the mean of ``P - start_date`` over the thuiszitters.
    Grouped by tenant, school and kind; the durations are summed as day numbers (``EpochDay``).
    """
    long_since = on - datetime.timedelta(days=RELATIVE_ABSENCE_THRESHOLD_DAYS)
    long = Q(start_date__lte=long_since)
    groups = (
        AbsenceRegistration.objects.filter(_open_on(on), tenant_id__in=tenant_ids)
        .values_list("tenant_id", "school_id", "kind")
        .annotate(
            n=Count("*"),
            n_long=count_where(long),
            day_all=Sum(EpochDay("start_date")),
            day_long=Sum(EpochDay("start_date"), filter=long),
        )
        .order_by()
    )
    today = epoch_day(on)
    totals = {t: _AbsenceTally(today) for t in tenant_ids}
    schools: dict[int, dict[int, _AbsenceTally]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, kind, *sums in groups:
        totals[tenant_id].add(kind, *sums)
        schools[tenant_id].setdefault(school_id, _AbsenceTally(today)).add(kind, *sums)
    return {
        t: Result(totals[t].figure(), {s: x.figure() for s, x in schools[t].items()})
        for t in tenant_ids
    }


# --- Registration completeness -----------------------------------------------------------------


def _present(field_name: str) -> Q:
    """The field holds a value ``missing_fields`` accepts (it tests truthiness)."""
    model_field = AbsenceRegistration._meta.get_field(field_name)
    if isinstance(model_field, models.CharField | models.TextField):
        present = ~Q(**{field_name: ""})
    elif isinstance(model_field, models.JSONField):
        present = ~Q(**{field_name: []})  # partners: a list, empty when nobody is involved
    elif isinstance(model_field, models.DateField):  # DateTimeField included
        return Q(**{f"{field_name}__isnull": False})
    else:  # an integer 0 or False would be "missing" in Python: say so rather than differ
        raise ValueError(f"Volledigheid van veld {field_name!r} is niet te berekenen.")
    if model_field.null:  # ~Q lets NULL through on nullable columns
        present &= Q(**{f"{field_name}__isnull": False})
    return present


def complete_q(required: Iterable[str]) -> Q:
    """A registration without missing fields: ``AbsenceRegistration.missing_fields`` in SQL.

    Each required field is present; on an anonymised record the fields anonymisation empties
    (``ANONYMISED_FIELDS``) count as present. A vrijstelling names its legal ground (unless
    anonymised); a closed registration has an outcome.
    """
    anonymised = Q(anonymised_at__isnull=False)
    complete = Q()
    for name in required:
        present = _present(name)
        complete &= (present | anonymised) if name in ANONYMISED_FIELDS else present
    complete &= ~Q(kind=AbsenceKind.EXEMPTION) | _present("legal_ground") | anonymised
    complete &= Q(end_date__isnull=True) | _present("outcome")
    return complete


@calculation(
    "volledigheid_registratie",
    "Volledigheid van de thuiszittersregistratie",
    PERCENT,
    "Het deel van de registraties uit de 12 maanden tot en met de peildatum waarin alle "
    "verplichte velden zijn ingevuld. Een vrijstelling heeft ook een wettelijke grond nodig en "
    "een afgesloten registratie een uitkomst.",
)
def registration_completeness(
    tenant_ids: Sequence[int], on: datetime.date, *, required_fields: Sequence[str] | None = None
) -> dict[int, Result]:
    """Share of registrations without missing fields (domain.md §6, norm ≥ 95%).

    Population: registrations known in the period, i.e. ``start_date <= P`` and no end date or
    ``end_date > P - 365``. Teller: those that meet :func:`complete_q` for the tenant's required
    fields, judged on the record as it is now (a later correction counts). ``required_fields``
    defaults to each tenant's settings, which costs one extra small query (and one query per
    distinct set of required fields); pass them to avoid it.
    """
    if required_fields is not None:
        by_fields = {tuple(required_fields): list(tenant_ids)}
    else:
        by_fields = _tenants_by_required_fields(tenant_ids)
    results: dict[int, Result] = {}
    for fields, ids in by_fields.items():
        known = AbsenceRegistration.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=period_start(on)), start_date__lte=on
        )
        results |= percentage_by_school(known, complete_q(fields), ids)
    return results


def _tenants_by_required_fields(tenant_ids: Sequence[int]) -> dict[tuple[str, ...], list[int]]:
    """Tenants grouped by their required fields (a tenant setting); the default without a row."""
    configured = dict(
        RegistrationSettings.objects.filter(tenant_id__in=tenant_ids).values_list(
            "tenant_id", "required_fields"
        )
    )
    groups: dict[tuple[str, ...], list[int]] = {}
    for tenant_id in tenant_ids:
        fields = configured.get(tenant_id, DEFAULT_REQUIRED_FIELDS)
        groups.setdefault(tuple(fields), []).append(tenant_id)
    return groups


# --- OPPs --------------------------------------------------------------------------------------


def _opps_set_in_period(on: datetime.date) -> QuerySet:
    return OppRegistration.objects.filter(in_period("set_on", on))


@calculation(
    "opp_ondertekend",
    "OPP's ondertekend door de leerling",
    PERCENT,
    "Van de OPP's die in de 12 maanden tot en met de peildatum zijn vastgesteld: het deel dat de "
    "leerling uiterlijk op de peildatum heeft ondertekend.",
)
def opp_signed(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Share of OPPs the pupil signed (domain.md §7, RefSVO's norm ≥ 95%).

    Population: OPPs with ``set_on`` in the period. Teller: ``signed_on <= P`` (a NULL
    ``signed_on`` never compares true, so unsigned OPPs do not count).
    """
    return percentage_by_school(_opps_set_in_period(on), Q(signed_on__lte=on), tenant_ids)


@calculation(
    "leerlingen_gehoord",
    "Leerlingen gehoord over hun OPP",
    PERCENT,
    "Van de OPP's die in de 12 maanden tot en met de peildatum zijn vastgesteld: het deel "
    "waarover de leerling uiterlijk op de peildatum is gehoord (hoorrecht).",
)
def pupils_heard(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Share of OPPs the pupil was heard about (hoorrecht, domain.md §7).

    Population: OPPs with ``set_on`` in the period. Teller: ``heard_on <= P`` (NULL: not heard).
    """
    return percentage_by_school(_opps_set_in_period(on), Q(heard_on__lte=on), tenant_ids)


@calculation(
    "opdc_instroom_met_opp",
    "Instroom in het OPDC met een OPP",
    PERCENT,
    "Van de leerlingen die in de 12 maanden tot en met de peildatum op een OPDC zijn geplaatst: "
    "het deel van wie het OPP op of vóór de plaatsingsdatum was vastgesteld.",
)
def opdc_intake_with_opp(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Share of OPDC intakes that had an OPP (domain.md §7: norm 100% in 2027).

    Population: OPPs at schools of kind OPDC with ``placement_date`` in the period. Teller:
    ``set_on <= placement_date``: the OPP existed on the day of intake (NULL: no OPP).
    """
    intakes = OppRegistration.objects.filter(
        in_period("placement_date", on), school__kind=SchoolKind.OPDC
    )
    return percentage_by_school(intakes, Q(set_on__lte=F("placement_date")), tenant_ids)


# --- Where thuiszitters went -------------------------------------------------------------------


@calculation(
    "buiten_swv_met_contact",
    "Uitstroom buiten het SWV met contact",
    PERCENT,
    "Van de registraties die in de 12 maanden tot en met de peildatum zijn afgesloten met "
    "onderwijs buiten het samenwerkingsverband: het deel met een laatste contact in diezelfde "
    "12 maanden.",
)
def outside_swv_with_contact(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Share of pupils gone to education outside the SWV who are still in touch.

    Population: registrations with outcome ``buiten_swv`` and ``end_date`` in the period.
    Teller: ``last_contact_date`` in the period as well (after P does not count yet).
    """
    gone = AbsenceRegistration.objects.filter(in_period("end_date", on), outcome=Outcome.OUTSIDE)
    return percentage_by_school(gone, in_period("last_contact_date", on), tenant_ids)


def _outcome_figure(per_outcome: Counter[str]) -> Figure:
    total = per_outcome.total()
    details = {"per_uitkomst": {o: per_outcome[o] for o in BACK_IN_EDUCATION}}
    return Figure(Decimal(total), total, details)


@calculation(
    "terugkeer_onderwijs",
    "Thuiszitters terug naar onderwijs",
    COUNT,
    "Het aantal registraties dat in de 12 maanden tot en met de peildatum is afgesloten met een "
    "uitkomst in het onderwijs: elke uitkomst behalve 'geen onderwijs'.",
)
def return_to_education(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Registrations that ended with the pupil back in education.

    Population and value: registrations with ``end_date`` in the period and an outcome in
    ``BACK_IN_EDUCATION`` (every outcome but ``geen``; blank is excluded too). Details:
    ``per_uitkomst``, every such outcome with its count (0 included).
    """
    groups = (
        AbsenceRegistration.objects.filter(
            in_period("end_date", on), tenant_id__in=tenant_ids, outcome__in=BACK_IN_EDUCATION
        )
        .values_list("tenant_id", "school_id", "outcome")
        .annotate(n=Count("*"))
        .order_by()
    )
    totals: dict[int, Counter[str]] = {t: Counter() for t in tenant_ids}
    schools: dict[int, dict[int, Counter[str]]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, outcome, n in groups:
        totals[tenant_id][outcome] += n
        schools[tenant_id].setdefault(school_id, Counter())[outcome] += n
    return {
        t: Result(
            _outcome_figure(totals[t]), {s: _outcome_figure(c) for s, c in schools[t].items()}
        )
        for t in tenant_ids
    }
