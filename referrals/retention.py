"""This app's pupil record types in the platform's retention registry (from ``portal.py``)."""

from __future__ import annotations

from swvportal.core.pupils import register_retention_type
from swvportal.documents.services import documents_discard
from swvportal.tenancy.models import Tenant

from .models import AbsenceRegistration, OppRegistration, TlvDecision, TlvRequest
from .services import retention_years
from .services.loket_dossier import dossier_erase
from .services.loket_workflow import loket_settings


def loket_retention_years(tenant: Tenant) -> int:
    """The Loket's own term (``LoketSettings.retention_years``, default 2), counted from
    ``retention_from_date``: the TLV's end date, the day a refusal became final, the withdrawal."""
    return loket_settings(tenant).retention_years


def register() -> None:
    # Registration order is processing order: registrations first, then OPPs, as before.
    for model in (AbsenceRegistration, OppRegistration):
        register_retention_type(model, term_years=retention_years)
    # The request (its dossier files and the free texts around it go too), then the decision,
    # whose row stays, anonymised, so the counts stay right; its archived letter goes.
    register_retention_type(TlvRequest, term_years=loket_retention_years, erase=_erase_request)
    register_retention_type(TlvDecision, term_years=loket_retention_years, erase=_erase_decision)


def _erase_request(tlv: TlvRequest) -> None:
    dossier_erase(tlv=tlv)


def _erase_decision(decision: TlvDecision) -> None:
    documents_discard(subject=decision)
