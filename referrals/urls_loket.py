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

# --- After the decision: objections, expiry and extension, referrals, future conversations -------

# --- The register, money, import and export -------------------------------------------------------
