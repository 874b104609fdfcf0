from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path(
        "<int:document_id>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("osp/<int:plan_id>/maken/", views.OspCreateView.as_view(), name="osp_create"),
    path("monitoring/maken/", views.MonitoringCreateView.as_view(), name="monitoring_create"),
]
