from django.urls import path

from . import views, views_input

app_name = "monitoring"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.xlsx", views.DashboardExportView.as_view(), name="dashboard_export"),
    path("herberekenen/", views.ComputeView.as_view(), name="compute"),
    path("indicatoren/", views_input.CatalogueView.as_view(), name="catalogue"),
    path("indicatoren/nieuw/", views_input.IndicatorCreateView.as_view(), name="indicator_create"),
    path(
        "indicatoren/<int:indicator_id>/",
        views.IndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path(
        "indicatoren/<int:indicator_id>/bewerken/",
        views_input.IndicatorEditView.as_view(),
        name="indicator_edit",
    ),
    path("rapportages/", views_input.ReportOverviewView.as_view(), name="report_overview"),
    path(
        "rapportages/<int:school_id>/",
        views_input.SchoolReportView.as_view(),
        name="school_report",
    ),
    path("invoer/", views_input.SwvEntryView.as_view(), name="swv_entries"),
    path("instellingen/", views_input.SettingsView.as_view(), name="settings"),
]
