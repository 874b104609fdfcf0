"""The begroting's pages under ``/<tenant>/begroting/`` and the vangnet's under
``/<tenant>/vangnet/`` (one namespace, ``finance``). Each part keeps its own URL module; this
one only puts them together.

* ``urls_pages``: versions, lines and amounts (inline editing) and the settings;
* ``urls_status``: the approval trail, adoption, new versions and the comparison;
* ``urls_reports``: realisation (import), the managementrapportage and the Loket's forecast;
* ``urls_exchange``: Excel and JSON export and import;
* ``urls_vangnet``: the vangnet's figures per school, its claims and their PDF.
"""

from django.urls import include, path

from . import urls_exchange, urls_pages, urls_reports, urls_status, urls_vangnet

# Part "pdf" has no URL of its own ("PDF maken" is the documents app's, from the registered
# type); importing its views module registers its panel on the begroting's page.
from .views import pdf as _pdf_panel  # noqa: F401

app_name = "finance"

urlpatterns = [
    path(
        "begroting/",
        include(
            [
                *urls_pages.urlpatterns,
                *urls_status.urlpatterns,
                *urls_reports.urlpatterns,
                *urls_exchange.urlpatterns,
            ]
        ),
    ),
    path("vangnet/", include(urls_vangnet.urlpatterns)),
]
