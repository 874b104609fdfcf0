"""URLs of part "trends" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

from django.urls import path

from .views import trends

urlpatterns = [
    path("", trends.OverviewView.as_view(), name="overview"),
]
