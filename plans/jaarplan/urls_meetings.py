"""URLs of the jaarplan's part "meetings" (composed in ``plans.jaarplan.urls``): the bijeenkomsten
per school year (``?schooljaar=2026-2027``), a series over all its years, and the bestuurder's
forms. A meeting's parameter is ``bijeenkomst_id`` (``meeting_id`` is the Loket's)."""

from django.urls import path

from .views import meeting_edit, meetings

urlpatterns = [
    path("bijeenkomsten/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("bijeenkomsten/reeks/nieuw/", meetings.SeriesCreateView.as_view(), name="series_create"),
    path(
        "bijeenkomsten/reeks/<int:series_id>/",
        meetings.SeriesDetailView.as_view(),
        name="series_detail",
    ),
    path(
        "bijeenkomsten/reeks/<int:series_id>/bewerken/",
        meetings.SeriesEditView.as_view(),
        name="series_edit",
    ),
    path(
        "bijeenkomsten/reeks/<int:series_id>/verwijderen/",
        meetings.SeriesDeleteView.as_view(),
        name="series_delete",
    ),
    path(
        "bijeenkomsten/reeks/<int:series_id>/nieuw/",
        meeting_edit.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(
        "bijeenkomsten/<int:bijeenkomst_id>/bewerken/",
        meeting_edit.MeetingEditView.as_view(),
        name="meeting_edit",
    ),
    path(
        "bijeenkomsten/<int:bijeenkomst_id>/verwijderen/",
        meeting_edit.MeetingDeleteView.as_view(),
        name="meeting_delete",
    ),
]
