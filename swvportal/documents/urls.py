from django.urls import path

from . import registry, views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path(
        "<int:document_id>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    # "PDF maken" of each registered type that has one (``osp/<plan_id>/maken/``,
    # ``monitoring/maken/``): the registry is full by now, the apps being ready.
    *(
        path(t.create_path, views.DocumentCreateView.as_view(document_type=t), name=t.create_name)
        for t in registry.all_types()
        if t.create_path and t.from_request is not None
    ),
]
