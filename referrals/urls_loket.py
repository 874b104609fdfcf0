"""The Loket's pages, under ``/<tenant_code>/loket/`` in the ``loket`` namespace.

Each part of the Loket keeps its own block below (requests, dossier, deskundigen and advices,
meetings and decisions, after the decision, register and import); a new page goes in its block.
"""

from django.urls import path

app_name = "loket"

urlpatterns: list = []

# --- Requests: worklist, the request, its status, questions back to the school, settings ---------

# --- The dossier: documents -----------------------------------------------------------------------

# --- Deskundigen and their advices ---------------------------------------------------------------

# --- Meetings, decisions and the decision letter -------------------------------------------------

# --- After the decision: objections, expiry and extension, referrals, future conversations -------
from .views import loket_aftercare as aftercare  # noqa: E402

urlpatterns += [
    path("bezwaren/", aftercare.ObjectionListView.as_view(), name="objection_list"),
    path(
        "besluiten/<int:decision_id>/bezwaar/",
        aftercare.ObjectionCreateView.as_view(),
        name="objection_create",
    ),
    path(
        "bezwaren/<int:objection_id>/",
        aftercare.ObjectionDetailView.as_view(),
        name="objection_detail",
    ),
    path(
        "bezwaren/<int:objection_id>/wijzigen/",
        aftercare.ObjectionEditView.as_view(),
        name="objection_edit",
    ),
    path(
        "bezwaren/<int:objection_id>/verlengen/",
        aftercare.ObjectionExtendView.as_view(),
        name="objection_extend",
    ),
    path("aflopend/", aftercare.ExpiringListView.as_view(), name="expiring_list"),
    path(
        "besluiten/<int:decision_id>/verlenging/",
        aftercare.ExtensionStartView.as_view(),
        name="extension_start",
    ),
    path("verwijzingen/", aftercare.ReferralListView.as_view(), name="referral_list"),
    path("verwijzingen/nieuw/", aftercare.ReferralCreateView.as_view(), name="referral_create"),
    path("gesprekken/", aftercare.ConversationListView.as_view(), name="conversation_list"),
    path(
        "gesprekken/tlv/<int:decision_id>/",
        aftercare.DecisionConversationView.as_view(),
        name="conversation_for_decision",
    ),
    path(
        "gesprekken/verwijzing/<int:referral_id>/",
        aftercare.ReferralConversationView.as_view(),
        name="conversation_for_referral",
    ),
]

# --- The register, money, import and export -------------------------------------------------------
