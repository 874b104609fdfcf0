"""URLs of part "status" (composed in ``finance.urls``): the approval trail, adoption, new
versions and the comparison of two versions. Importing ``views.status`` registers the status
panel on the version's page."""

from django.urls import path

from .views import compare, status

urlpatterns = [
    path(
        "<int:begroting_id>/goedkeuring/nieuw/",
        status.ApprovalCreateView.as_view(),
        name="approval_create",
    ),
    path(
        "<int:begroting_id>/goedkeuring/<int:begroting_step_id>/verwijderen/",
        status.ApprovalDeleteView.as_view(),
        name="approval_delete",
    ),
    path(
        "<int:begroting_id>/vaststellen/",
        status.BegrotingAdoptView.as_view(),
        name="begroting_adopt",
    ),
    path(
        "<int:begroting_id>/nieuwe-versie/",
        status.BegrotingNewVersionView.as_view(),
        name="begroting_new_version",
    ),
    path(
        "<int:begroting_id>/vergelijken/",
        compare.BegrotingCompareView.as_view(),
        name="begroting_compare",
    ),
]
