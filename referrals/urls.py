from django.urls import path

from . import urls_import, views

app_name = "referrals"

urlpatterns = [
    path("thuiszitters/", views.AbsenceListView.as_view(), name="absence_list"),
    path("thuiszitters/nieuw/", views.AbsenceCreateView.as_view(), name="absence_create"),
    path(
        "thuiszitters/<int:absence_id>/", views.AbsenceDetailView.as_view(), name="absence_detail"
    ),
    path(
        "thuiszitters/<int:absence_id>/bewerken/",
        views.AbsenceEditView.as_view(),
        name="absence_edit",
    ),
    path(
        "thuiszitters/<int:absence_id>/afsluiten/",
        views.AbsenceCloseView.as_view(),
        name="absence_close",
    ),
    path(
        "thuiszitters/<int:absence_id>/inzagelog/",
        views.AccessLogView.as_view(),
        name="absence_log",
    ),
    path("opp/", views.OppListView.as_view(), name="opp_list"),
    path("opp/nieuw/", views.OppCreateView.as_view(), name="opp_create"),
    path("opp/<int:opp_id>/", views.OppDetailView.as_view(), name="opp_detail"),
    path("opp/<int:opp_id>/bewerken/", views.OppEditView.as_view(), name="opp_edit"),
    path("opp/<int:opp_id>/inzagelog/", views.AccessLogView.as_view(), name="opp_log"),
    path("scholen/", views.SchoolOverviewView.as_view(), name="school_overview"),
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
    path(
        "scholen/<int:school_id>/gesprek/",
        views.ConversationCreateView.as_view(),
        name="conversation_create",
    ),
]

# Import and export of registrations (CSV/XLSX, dry run first).
urlpatterns += urls_import.urlpatterns
