"""URLs of part "export" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``): the page
and the two Excel files for the jaarverslag (``?schooljaar=2025`` for 2025-2026)."""

from django.urls import path

from .views import export

urlpatterns: list = [
    path("export/", export.ExportView.as_view(), name="export"),
    path("export/contacten.xlsx", export.ContactsDownloadView.as_view(), name="export_contacts"),
    path("export/trends.xlsx", export.TrendsDownloadView.as_view(), name="export_trends"),
]
