"""URLs of the kwaliteitskalender (composed in ``plans.jaarplan.urls``): the calendar of a school
year, the bestuurder's items and ticks, and the member's own calendar address. The address
itself (the .ics) is ``urls_feed``, outside the tenant's URLs."""

from django.urls import path

from .views import calendar, feed

urlpatterns = [
    path("kwaliteitskalender/", calendar.CalendarView.as_view(), name="calendar"),
    path(
        "kwaliteitskalender/nieuw/",
        calendar.CalendarItemCreateView.as_view(),
        name="calendar_item_create",
    ),
    path(
        "kwaliteitskalender/<int:calendar_item_id>/bewerken/",
        calendar.CalendarItemEditView.as_view(),
        name="calendar_item_edit",
    ),
    path(
        "kwaliteitskalender/<int:calendar_item_id>/verwijderen/",
        calendar.CalendarItemDeleteView.as_view(),
        name="calendar_item_delete",
    ),
    path(
        "kwaliteitskalender/<int:calendar_item_id>/afvinken/",
        calendar.OccurrenceDoneView.as_view(),
        name="occurrence_done",
    ),
    path(
        "kwaliteitskalender/afgevinkt/<int:occurrence_id>/ongedaan/",
        calendar.OccurrenceUndoView.as_view(),
        name="occurrence_undo",
    ),
    path("kwaliteitskalender/agenda/", feed.FeedManageView.as_view(), name="feed_manage"),
    path(
        "kwaliteitskalender/agenda/intrekken/",
        feed.FeedRevokeView.as_view(),
        name="feed_revoke",
    ),
]
