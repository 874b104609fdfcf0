"""The Loket's pages, under ``/<tenant_code>/loket/`` in the ``loket`` namespace.

Each part of the Loket keeps its own block below (requests, dossier, deskundigen and advices,
meetings and decisions, after the decision, register and import); a new page goes in its block.
"""

from django.urls import path

app_name = "loket"

urlpatterns: list = []

# --- Requests: worklist, the request, its status, questions back to the school, settings ---------
from .views import loket_requests as requests_views  # noqa: E402

urlpatterns += [
    path("aanvragen/", requests_views.RequestListView.as_view(), name="request_list"),
    path("aanvragen/nieuw/", requests_views.RequestCreateView.as_view(), name="request_create"),
    path(
        "aanvragen/<int:tlv_id>/",
        requests_views.RequestDetailView.as_view(),
        name="request_detail",
    ),
    path(
        "aanvragen/<int:tlv_id>/bewerken/",
        requests_views.RequestEditView.as_view(),
        name="request_edit",
    ),
    path(
        "aanvragen/<int:tlv_id>/status/",
        requests_views.RequestMoveView.as_view(),
        name="request_move",
    ),
    path(
        "aanvragen/<int:tlv_id>/aanvulling-vragen/",
        requests_views.SupplementAskView.as_view(),
        name="supplement_ask",
    ),
    path(
        "aanvragen/<int:tlv_id>/aanvulling-beantwoorden/",
        requests_views.SupplementAnswerView.as_view(),
        name="supplement_answer",
    ),
    path(
        "aanvragen/<int:tlv_id>/inzagelog/",
        requests_views.RequestLogView.as_view(),
        name="request_log",
    ),
    path("instellingen/", requests_views.LoketSettingsView.as_view(), name="loket_settings"),
]

# --- The dossier: documents -----------------------------------------------------------------------
# Importing the views also registers the dossier's panel on the request's page.
from .views import loket_dossier  # noqa: E402

urlpatterns += [
    path(
        "aanvragen/<int:tlv_id>/dossier/",
        loket_dossier.DossierView.as_view(),
        name="dossier",
    ),
    path(
        "aanvragen/<int:tlv_id>/dossier/<int:dossier_document_id>/",
        loket_dossier.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(
        "aanvragen/<int:tlv_id>/dossier/<int:dossier_document_id>/verwijderen/",
        loket_dossier.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
]

# --- Deskundigen and their advices ---------------------------------------------------------------
# Importing the module also registers its panel on the request's page (``loket_panels``).
from .views import loket_advice  # noqa: E402

urlpatterns += [
    path("deskundigen/", loket_advice.DeskundigeListView.as_view(), name="deskundige_list"),
    path(
        "deskundigen/nieuw/", loket_advice.DeskundigeCreateView.as_view(), name="deskundige_create"
    ),
    path(
        "deskundigen/<int:deskundige_id>/bewerken/",
        loket_advice.DeskundigeEditView.as_view(),
        name="deskundige_edit",
    ),
    path(
        "aanvragen/<int:tlv_id>/deskundigen/",
        loket_advice.AdviceAssignView.as_view(),
        name="advice_assign",
    ),
    path("adviezen/", loket_advice.AdviceListView.as_view(), name="advice_list"),
    path("adviezen/<int:advice_id>/", loket_advice.AdviceEditView.as_view(), name="advice_edit"),
    path(
        "adviezen/<int:advice_id>/indienen/",
        loket_advice.AdviceSubmitView.as_view(),
        name="advice_submit",
    ),
]

# --- Meetings, decisions and the decision letter -------------------------------------------------
# Importing the views module also registers the request page's decision panel.
from .views import loket_decisions as decisions  # noqa: E402

_item = "vergaderingen/<int:meeting_id>/agenda/<int:agenda_item_id>/"
_decision = "besluiten/<int:decision_id>/"
urlpatterns += [
    path("vergaderingen/", decisions.MeetingListView.as_view(), name="meeting_list"),
    path("vergaderingen/nieuw/", decisions.MeetingCreateView.as_view(), name="meeting_create"),
    path(
        "vergaderingen/<int:meeting_id>/",
        decisions.MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path(
        "vergaderingen/<int:meeting_id>/bewerken/",
        decisions.MeetingEditView.as_view(),
        name="meeting_edit",
    ),
    path(
        "vergaderingen/<int:meeting_id>/agenda/",
        decisions.AgendaAddView.as_view(),
        name="agenda_add",
    ),
    path(_item, decisions.AgendaItemEditView.as_view(), name="agenda_item_edit"),
    path(f"{_item}verplaatsen/", decisions.AgendaItemMoveView.as_view(), name="agenda_item_move"),
    path(
        f"{_item}verwijderen/", decisions.AgendaItemRemoveView.as_view(), name="agenda_item_remove"
    ),
    path(
        "aanvragen/<int:tlv_id>/besluit/",
        decisions.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(_decision, decisions.DecisionDetailView.as_view(), name="decision_detail"),
    path(
        f"{_decision}corrigeren/", decisions.DecisionCorrectView.as_view(), name="decision_correct"
    ),
    path(
        f"{_decision}verzonden/",
        decisions.DecisionMarkSentView.as_view(),
        name="decision_mark_sent",
    ),
    path(f"{_decision}brief/", decisions.DecisionLetterView.as_view(), name="decision_letter"),
    path(
        f"{_decision}brief-met-naam/",
        decisions.DecisionLetterNamedView.as_view(),
        name="decision_letter_named",
    ),
]

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
from .views import loket_register  # noqa: E402

urlpatterns += [
    path("bedragen/", loket_register.AmountListView.as_view(), name="amount_list"),
    path("bedragen/wijzigen/", loket_register.AmountEditView.as_view(), name="amount_edit"),
    path("bedragen/kostenregel/", loket_register.CostRuleView.as_view(), name="cost_rule"),
    path("register/", loket_register.RegisterView.as_view(), name="register"),
    path("register/export/", loket_register.RegisterExportView.as_view(), name="register_export"),
    path("tlvs/inlezen/", loket_register.TlvImportView.as_view(), name="tlv_import"),
    path("tlvs/export/", loket_register.TlvExportView.as_view(), name="tlv_export"),
]
