"""This app's pupil record types in the platform's retention registry (from ``portal.py``)."""

from __future__ import annotations

from swvportal.core.pupils import register_retention_type
from swvportal.tenancy.models import Tenant

from .models import AbsenceRegistration, OppRegistration, TlvDecision, TlvRequest
from .services import retention_years
from .services.loket_workflow import loket_settings


def loket_retention_years(tenant: Tenant) -> int:
    """The Loket's own term (``LoketSettings.retention_years``, default 2), counted from
    ``retention_from_date``: the TLV's end date, the day a refusal became final, the withdrawal."""
    return loket_settings(tenant).retention_years


def register() -> None:
    # Registration order is processing order: registrations first, then OPPs, as before.
    for model in (AbsenceRegistration, OppRegistration):
        register_retention_type(model, term_years=retention_years)
    # The request (its dossier files and free texts go: ``TlvRequest.anonymise``), then the
    # decision, whose row stays, anonymised, so the counts stay right.
    for model in (TlvRequest, TlvDecision):
        register_retention_type(model, term_years=loket_retention_years)
