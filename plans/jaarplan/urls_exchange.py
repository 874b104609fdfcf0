"""URLs of the jaarplan's part "exchange" (composed in ``plans.jaarplan.urls``): the Excel and
JSON downloads, and reading activities in from Excel."""

from django.urls import path

from .views import exchange

urlpatterns = [
    path(
        "<int:jaarplan_id>/export.xlsx",
        exchange.ExportXlsxView.as_view(),
        name="jaarplan_export",
    ),
    path(
        "<int:jaarplan_id>/export.json",
        exchange.ExportJsonView.as_view(),
        name="jaarplan_export_json",
    ),
    path("<int:jaarplan_id>/inlezen/", exchange.ImportView.as_view(), name="jaarplan_import"),
]
