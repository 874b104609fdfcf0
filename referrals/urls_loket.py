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
