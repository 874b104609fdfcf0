"""The Loket (domain.md §5): TLV requests, their dossier, two deskundigenadviezen, the meeting,
the decision and its letter, objections, expiry and referrals.

The models are in three modules (``loket_base``: choices, settings, amounts, deskundigen;
``loket_requests``: the request, its questions, documents and advices; ``loket_decisions``: the
meetings, decisions and what follows them); this module is their face, and registers them all
with the audit log. Rules live in ``referrals.services.loket_*``; the models hold the data and the
few facts that follow from one row alone.
"""

from auditlog.registry import auditlog

from .loket_base import *  # noqa: F403
from .loket_base import (  # the three defaults: named by the migrations
    CategoryAmount,
    Deskundige,
    LoketSettings,
    _default_first_disciplines,  # noqa: F401
    _default_required_documents,  # noqa: F401
    _default_second_disciplines,  # noqa: F401
)
from .loket_decisions import *  # noqa: F403
from .loket_decisions import (
    AgendaItem,
    ExternalReferral,
    FutureConversation,
    LoketMeeting,
    Objection,
    TlvDecision,
)
from .loket_requests import *  # noqa: F403
from .loket_requests import (  # private_storage, dossier_path: named by the migrations
    Advice,
    DossierDocument,
    SupplementRequest,
    TlvRequest,
    dossier_path,  # noqa: F401
    private_storage,  # noqa: F401
)

for _model in (
    LoketSettings,
    CategoryAmount,
    Deskundige,
    TlvRequest,
    SupplementRequest,
    DossierDocument,
    Advice,
    LoketMeeting,
    AgendaItem,
    TlvDecision,
    Objection,
    ExternalReferral,
    FutureConversation,
):
    auditlog.register(_model, exclude_fields=["revision", "updated_at"])
