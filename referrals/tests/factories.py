"""Thuiszitter registrations and OPPs for tests, made through the services so every rule holds.

Call these inside a tenant scope (``with scope(tenant=...)``). Every helper takes overrides for
any field the service accepts; the defaults make a complete, valid record that started a few
weeks ago.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from referrals import services
from referrals.models import AbsenceKind, AbsenceRegistration, OppRegistration, Partner
from swvportal.tenancy.models import School

_numbers = itertools.count(1)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def pupil_number() -> str:
    """A fresh, fictional pupil number in the schools' own style ("2026-0001")."""
    return f"{timezone.localdate().year}-{next(_numbers):04d}"


def birth_year(age: int = 14) -> int:
    return timezone.localdate().year - age


def absence_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pupil_number": pupil_number(),
        "birth_year": birth_year(),
        "kind": AbsenceKind.RELATIVE,
        "start_date": days_ago(35),
        "reason_category": "psychisch",
        "partners": [Partner.LEERPLICHT, Partner.JEUGDHULP],
        "plan": "Gefaseerde terugkeer met begeleiding van de mentor.",
        "last_contact_date": days_ago(3),
    }
    if overrides.get("kind") == AbsenceKind.EXEMPTION:
        data["legal_ground"] = "Leerplichtwet art. 5 onder a"
    data.update(overrides)
    return data


def make_absence(school: School, by=None, **overrides: Any) -> AbsenceRegistration:
    """An open, complete registration of langdurig relatief verzuim, started 35 days ago."""
    return services.absence_create(school=school, data=absence_data(**overrides), by=by)


def close_absence(
    registration: AbsenceRegistration,
    end_date: datetime.date | None = None,
    outcome: str = "eigen_school",
) -> AbsenceRegistration:
    return services.absence_close(
        registration=registration,
        end_date=end_date or timezone.localdate(),
        outcome=outcome,
        revision=registration.revision,
    )


def make_closed_absence(
    school: School,
    *,
    start_date: datetime.date,
    end_date: datetime.date,
    outcome: str = "eigen_school",
    **overrides: Any,
) -> AbsenceRegistration:
    """A registration opened and then closed through the services, as a user would."""
    registration = make_absence(school, start_date=start_date, **overrides)
    return close_absence(registration, end_date=end_date, outcome=outcome)


def opp_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pupil_number": pupil_number(),
        "birth_year": birth_year(),
        "placement_date": days_ago(60),
        "set_on": days_ago(40),
        "parents_consent_on": days_ago(38),
        "heard_on": days_ago(45),
        "heard_how": "gesprek",
        "pupil_view": "Wil graag meer praktijkvakken.",
        "signed_on": days_ago(38),
        "evaluation_due": days_ago(40) + datetime.timedelta(days=365),
    }
    data.update(overrides)
    return data


def make_opp(school: School, by=None, **overrides: Any) -> OppRegistration:
    """An OPP placed 60 days ago, set after 20 days, heard, signed, evaluation in a year."""
    return services.opp_create(school=school, data=opp_data(**overrides), by=by)
