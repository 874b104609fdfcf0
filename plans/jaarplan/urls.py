"""The jaarplan's pages under ``/<tenant>/jaarplannen/`` (namespace ``jaarplan``). Each part
keeps its own URL module; this one only puts them together.

* ``urls_pages``: the list, the jaarplan page, verbeterpunten and activities (inline editing);
* ``urls_status``: generating, status, versions, approval trail, progress, evaluation, "Mijn
  activiteiten", the weekly e-mail and the settings;
* ``urls_calendar``: the kwaliteitskalender (the iCalendar feed itself is ``urls_feed``, outside
  the tenant's address, as a calendar program cannot log in);
* ``urls_meetings``: the bijeenkomsten;
* ``urls_exchange``: Excel and JSON export, and the import.
"""

from . import urls_calendar, urls_exchange, urls_meetings, urls_pages, urls_status

# Part "pdf" has no URL of its own ("PDF maken" is the documents app's, from the registered
# types); importing its views module registers its panel on the jaarplan's page.
from .views import pdf as _pdf_panel  # noqa: F401

app_name = "jaarplan"

urlpatterns = [
    *urls_pages.urlpatterns,
    *urls_status.urlpatterns,
    *urls_calendar.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_exchange.urlpatterns,
]
