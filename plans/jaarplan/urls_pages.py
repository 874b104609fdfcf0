"""URLs of the jaarplan's part "pages" (composed in ``plans.jaarplan.urls``): the list, the
jaarplan page, and editing its verbeterpunten and activities in place."""

from django.urls import path

from .views import pages, pages_items

ACTIVITY = "<int:jaarplan_id>/activiteit/<int:activity_id>/"
IMPROVEMENT = "<int:jaarplan_id>/verbeterpunt/<int:improvement_id>/"

urlpatterns = [
    path("", pages.JaarplanListView.as_view(), name="jaarplan_list"),
    path("<int:jaarplan_id>/", pages.JaarplanDetailView.as_view(), name="jaarplan_detail"),
    path(
        "<int:jaarplan_id>/verbeterpunt/nieuw/",
        pages_items.ImprovementCreateView.as_view(),
        name="improvement_create",
    ),
    path(
        f"{IMPROVEMENT}bewerken/",
        pages_items.ImprovementEditView.as_view(),
        name="improvement_edit",
    ),
    path(
        f"{IMPROVEMENT}verwijderen/",
        pages_items.ImprovementDeleteView.as_view(),
        name="improvement_delete",
    ),
    path(
        f"{IMPROVEMENT}activiteit/nieuw/",
        pages_items.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path(ACTIVITY, pages_items.ActivityShowView.as_view(), name="activity_show"),
    path(f"{ACTIVITY}bewerken/", pages_items.ActivityEditView.as_view(), name="activity_edit"),
    path(
        f"{ACTIVITY}verwijderen/",
        pages_items.ActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    path(
        f"{ACTIVITY}verplaatsen/",
        pages_items.ActivityMoveView.as_view(),
        name="activity_move",
    ),
]
