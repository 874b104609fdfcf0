"""Import and export of registrations as files. A plain list: the lead includes it inside the
``referrals`` namespace under ``/<tenant_code>/leerlingen/``."""

from django.urls import path

from . import resources
from .views_import import ExportView, ImportView

urlpatterns = [
    path(
        "importeren/thuiszitters/",
        ImportView.as_view(kind=resources.ABSENCES),
        name="import_absences",
    ),
    path("importeren/opp/", ImportView.as_view(kind=resources.OPPS), name="import_opps"),
    path(
        "exporteren/thuiszitters/",
        ExportView.as_view(kind=resources.ABSENCES),
        name="export_absences",
    ),
    path("exporteren/opp/", ExportView.as_view(kind=resources.OPPS), name="export_opps"),
]
