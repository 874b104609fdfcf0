"""The kwaliteitskalender as an iCalendar feed: ``/agenda/<token>.ics`` (namespace ``agenda``).

Outside the tenant's address on purpose: Outlook or a phone fetches it without logging in, so
the secret token in the address is the only key (``plans.models.CalendarFeed``).
"""

from django.urls import path

from .views.feed import feed

app_name = "agenda"

urlpatterns = [
    path("<str:feed_token>.ics", feed, name="feed"),
]
