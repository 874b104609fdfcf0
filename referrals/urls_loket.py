"""The Loket's pages, under ``/<tenant_code>/loket/`` in the ``loket`` namespace.

Each part of the Loket keeps its own block below (requests, dossier, deskundigen and advices,
meetings and decisions, after the decision, register and import); a new page goes in its block.
"""

from django.urls import path

app_name = "loket"

urlpatterns: list = []

# --- Requests: worklist, the request, its status, questions back to the school, settings ---------

# --- The dossier: documents -----------------------------------------------------------------------
# Importing the views also registers the dossier's panel on the request's page.
from .views import loket_dossier  # noqa: E402

urlpatterns += [
    path(
        "aanvragen/<int:request_id>/dossier/",
        loket_dossier.DossierView.as_view(),
        name="dossier",
    ),
    path(
        "aanvragen/<int:request_id>/dossier/<int:dossier_document_id>/",
        loket_dossier.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(
        "aanvragen/<int:request_id>/dossier/<int:dossier_document_id>/verwijderen/",
        loket_dossier.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
]

# --- Deskundigen and their advices ---------------------------------------------------------------

# --- Meetings, decisions and the decision letter -------------------------------------------------

# --- After the decision: objections, expiry and extension, referrals, future conversations -------

# --- The register, money, import and export -------------------------------------------------------
