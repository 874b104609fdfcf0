"""URLs of the jaarplan's part "status" (composed in ``plans.jaarplan.urls``): making a jaarplan,
its status, versions and approval trail, progress and evaluation of activities, "Mijn
activiteiten" with the weekly e-mail, and the tenant's settings."""

from django.urls import path

from .views import progress, status, status_generate, status_mine

urlpatterns = [
    path("maken/", status_generate.JaarplanGenerateView.as_view(), name="jaarplan_generate"),
    path("instellingen/", status.JaarplanSettingsView.as_view(), name="jaarplan_settings"),
    path("mijn-activiteiten/", status_mine.MyActivitiesView.as_view(), name="my_activities"),
    path(
        "mijn-activiteiten/e-mail/",
        status_mine.DigestPreferenceView.as_view(),
        name="digest_preference",
    ),
    path("<int:jaarplan_id>/status/", status.JaarplanStatusView.as_view(), name="jaarplan_status"),
    path(
        "<int:jaarplan_id>/nieuwe-versie/",
        status.JaarplanNewVersionView.as_view(),
        name="jaarplan_new_version",
    ),
    path(
        "<int:jaarplan_id>/goedkeuring/nieuw/",
        status.ApprovalCreateView.as_view(),
        name="approval_create",
    ),
    path(
        "<int:jaarplan_id>/goedkeuring/<int:approval_id>/verwijderen/",
        status.ApprovalDeleteView.as_view(),
        name="approval_delete",
    ),
    path(
        "activiteit/<int:activity_id>/voortgang/",
        progress.ActivityProgressView.as_view(),
        name="activity_progress",
    ),
    path(
        "<int:jaarplan_id>/activiteit/<int:activity_id>/evaluatie/",
        progress.ActivityEvaluateView.as_view(),
        name="activity_evaluate",
    ),
]
