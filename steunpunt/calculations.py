"""The dashboard's three steunpunt rows (Bijlage 4, pijler 3, "Ouderbetrokkenheid"), computed.

Registered into the platform's registry (``swvportal.core.calculations``) by importing this
module from ``steunpunt.portal``. Each is one grouped query for any number of tenants.

* ``steunpunt_contacten``: the contacts received in the 12 months up to and including the
  peildatum. They are about people, so toezicht sees a count of 1–4 as hidden ("<5",
  ``small_label``).
* ``steunpunt_trends``: the trends signalled in those 12 months (no person is counted).
* ``steunpunt_terugkoppeling``: the share of the tenant's schools that got their feedback of the
  last school year that ended on or before the peildatum, given on or before the peildatum. The
  feedback is yearly and comes after the year's contacts, so the school year that is still
  running would read 0% for most of it; on the default peildatum (1 October) this is the school
  year that ended on 31 July. Each school has its own figure too (0% or 100%).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef

from swvportal.core.calculations import (
    COUNT,
    PERCENT,
    Figure,
    Result,
    calculation,
    in_period,
    percentage_figure,
)
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School

from .models import Contact, Feedback, Trend
from .rules import SMALL_LABEL


def feedback_school_year(on: datetime.date) -> SchoolYear:
    """The last school year that ended on or before ``on``: on 31 July 2026 that is 2025-2026,
    on 1 August 2026 and 1 October 2026 still 2025-2026."""
    return SchoolYear.from_date(on + datetime.timedelta(days=1)) - 1


def _counts(queryset, tenant_ids: Sequence[int]) -> dict[int, Result]:
    totals = dict.fromkeys(tenant_ids, 0)
    rows = (
        queryset.filter(tenant_id__in=tenant_ids)
        .values_list("tenant_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("tenant_id", "n")
    )
    for tenant_id, n in rows:
        totals[tenant_id] = n
    return {t: Result(Figure(Decimal(n), n, {}), {}) for t, n in totals.items()}


@calculation(
    "steunpunt_contacten",
    "Gebruik ouder- en jeugdsteunpunt (aantal contacten)",
    COUNT,
    "Het aantal contacten met het ouder- en jeugdsteunpunt (telefoon, e-mail, formulier, "
    "gesprek) met een datum in de 12 maanden tot en met de peildatum. Wie het steunpunt niet "
    'bemenst, ziet een aantal van 1 tot 4 als "<5".',
    small_label=SMALL_LABEL,
)
def steunpunt_contacten(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """The contacts received in the period, per tenant (the tenant's figure only)."""
    return _counts(Contact.objects.filter(in_period("received_on", on)), tenant_ids)


@calculation(
    "steunpunt_trends",
    "Aantal gesignaleerde trends uit ouderinput",
    COUNT,
    "Het aantal trends dat het steunpunt signaleerde (datum 'gesignaleerd op') in de 12 "
    "maanden tot en met de peildatum, wat hun status nu ook is.",
    about_pupils=False,
)
def steunpunt_trends(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """The trends signalled in the period, per tenant (the tenant's figure only)."""
    return _counts(Trend.objects.filter(in_period("signalled_on", on)), tenant_ids)


@calculation(
    "steunpunt_terugkoppeling",
    "Jaarlijkse terugkoppeling naar scholen",
    PERCENT,
    "Het deel van de scholen van het samenwerkingsverband dat de terugkoppeling van het "
    "steunpunt kreeg over het laatste schooljaar dat op de peildatum voorbij is (bij de "
    "peildatum 1 oktober: het schooljaar dat op 31 juli eindigde), gegeven op of vóór de "
    "peildatum. Teller: scholen met die terugkoppeling; noemer: alle scholen.",
    about_pupils=False,
)
def steunpunt_terugkoppeling(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Per school 100% with the feedback of the school year, else 0%; the tenant's figure is
    the schools with it over all its schools (None without schools)."""
    year = feedback_school_year(on).start
    given = Feedback.objects.filter(school_id=OuterRef("pk"), school_year=year, given_on__lte=on)
    rows = (
        School.objects.filter(tenant_id__in=tenant_ids)
        .annotate(given=Exists(given))
        .values_list("tenant_id", "pk", "given")
        .order_by()
    )
    schools: dict[int, dict[int, Figure]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, has in rows:
        schools[tenant_id][school_id] = percentage_figure(int(has), 1)
    results = {}
    for tenant_id, per_school in schools.items():
        teller = sum(f.details["teller"] for f in per_school.values())
        tenant = percentage_figure(teller, len(per_school))
        details = {**tenant.details, "over_schooljaar": SchoolYear(year).label}
        results[tenant_id] = Result(Figure(tenant.value, tenant.records, details), per_school)
    return results


__all__ = ["steunpunt_contacten", "steunpunt_terugkoppeling", "steunpunt_trends"]
