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
        "aanvragen/<int:request_id>/besluit/",
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

# --- The register, money, import and export -------------------------------------------------------
