"""URLs of the vangnet (namespace ``finance``, under ``/<tenant>/vangnet/``)."""

from django.urls import path

from .views import vangnet

urlpatterns = [
    path("", vangnet.VangnetView.as_view(), name="vangnet"),
]
