"""The Loket's pages, under ``/<tenant_code>/loket/`` in the ``loket`` namespace.

Each part of the Loket keeps its own block below (requests, dossier, deskundigen and advices,
meetings and decisions, after the decision, register and import); a new page goes in its block.
"""

from django.urls import path  # noqa: F401

app_name = "loket"

urlpatterns: list = []

# --- Requests: worklist, the request, its status, questions back to the school, settings ---------

# --- The dossier: documents -----------------------------------------------------------------------

# --- Deskundigen and their advices ---------------------------------------------------------------

# --- Meetings, decisions and the decision letter -------------------------------------------------

# --- After the decision: objections, expiry and extension, referrals, future conversations -------

# --- The register, money, import and export -------------------------------------------------------
