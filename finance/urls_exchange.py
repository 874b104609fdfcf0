"""URLs of part "exchange" (composed in ``finance.urls``): Excel and JSON out and in."""

from django.urls import path

from .views import exchange

urlpatterns = [
    path(
        "<int:begroting_id>/export.xlsx",
        exchange.ExportXlsxView.as_view(),
        name="begroting_export_xlsx",
    ),
    path(
        "<int:begroting_id>/export.json",
        exchange.ExportJsonView.as_view(),
        name="begroting_export_json",
    ),
    path("inlezen/", exchange.ImportView.as_view(), name="begroting_import"),
]
