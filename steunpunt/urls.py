"""The steunpunt's staff and reading pages under ``/<tenant>/steunpunt/`` (namespace
``steunpunt``). Each part keeps its own URL module; this one only puts them together. The public
form for parents and young people is ``urls_public`` (namespace ``steunpunt_public``, no login).

* ``urls_contacts``: the contacts, their call-back requests, closing, tagging as a signal;
* ``urls_trends``: the overview (contacts per theme per month, open follow-ups) and the trends;
* ``urls_feedback``: the yearly feedback to schools;
* ``urls_export``: the XLSX exports for the jaarverslag;
* ``urls_settings``: themes, retention, the form's settings.
"""

from django.urls import include, path

from . import urls_contacts, urls_export, urls_feedback, urls_settings, urls_trends

app_name = "steunpunt"

urlpatterns = [
    path(
        "",
        include(
            [
                *urls_trends.urlpatterns,
                *urls_contacts.urlpatterns,
                *urls_feedback.urlpatterns,
                *urls_export.urlpatterns,
                *urls_settings.urlpatterns,
            ]
        ),
    ),
]
