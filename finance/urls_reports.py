"""URLs of part "reports" (composed in ``finance.urls``): realisation, managementrapportage and
the Loket's forecast. Importing the views registers their panels on the version's page."""

from django.urls import path

from .views import forecast, reports  # noqa: F401  (forecast: its panel registers)

REPORT = "rapportage/<int:report_year>/<str:period>/"

urlpatterns = [
    path("rapportage/", reports.ReportListView.as_view(), name="report_list"),
    path("rapportage/inlezen/", reports.RealisationImportView.as_view(), name="realisation_import"),
    path(REPORT, reports.ReportView.as_view(), name="report"),
    path(
        REPORT + "regel/<int:report_line_id>/prognose/",
        reports.PrognosisView.as_view(),
        name="prognosis",
    ),
    path(
        REPORT + "regel/<int:report_line_id>/prognose/verwijderen/",
        reports.PrognosisRemoveView.as_view(),
        name="prognosis_remove",
    ),
    path(
        "<int:begroting_id>/realisatie-sjabloon/",
        reports.RealisationTemplateView.as_view(),
        name="realisation_template",
    ),
]
