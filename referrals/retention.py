"""This app's pupil record types in the platform's retention registry (from ``portal.py``)."""

from __future__ import annotations

from swvportal.core.pupils import register_retention_type

from .models import AbsenceRegistration, OppRegistration
from .services import retention_years


def register() -> None:
    # Registration order is processing order: registrations first, then OPPs, as before.
    for model in (AbsenceRegistration, OppRegistration):
        register_retention_type(model, term_years=retention_years)
