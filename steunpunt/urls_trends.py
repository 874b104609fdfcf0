"""URLs of part "trends" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

from django.urls import path

from .views import trends

urlpatterns = [
    path("", trends.OverviewView.as_view(), name="overview"),
    path("trends/", trends.TrendListView.as_view(), name="trend_list"),
    path("trends/nieuw/", trends.TrendCreateView.as_view(), name="trend_create"),
    path("trends/<int:trend_id>/", trends.TrendDetailView.as_view(), name="trend_detail"),
    path("trends/<int:trend_id>/bewerken/", trends.TrendEditView.as_view(), name="trend_edit"),
    path(
        "trends/<int:trend_id>/signaal/",
        trends.TrendSignalAddView.as_view(),
        name="trend_signal_add",
    ),
    path(
        "trends/<int:trend_id>/signaal/<int:contact_id>/weghalen/",
        trends.TrendSignalRemoveView.as_view(),
        name="trend_signal_remove",
    ),
]
