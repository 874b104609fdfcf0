"""URLs of the vangnet (namespace ``finance``, under ``/<tenant>/vangnet/``)."""

from django.urls import path

from .views import vangnet

SCHOOL = "school/<int:school_id>/<int:school_year>/"

urlpatterns = [
    path("", vangnet.VangnetView.as_view(), name="vangnet"),
    path("cijfers-inlezen/", vangnet.DuoImportView.as_view(), name="vangnet_import"),
    path(SCHOOL, vangnet.SchoolVangnetView.as_view(), name="vangnet_school"),
    path(f"{SCHOOL}cijfer/", vangnet.FigureSaveView.as_view(), name="vangnet_figure_save"),
    path(f"{SCHOOL}declaratie/", vangnet.ClaimRegisterView.as_view(), name="claim_register"),
    path(f"{SCHOOL}pdf/", vangnet.VangnetPdfView.as_view(), name="vangnet_pdf"),
    path(
        "cijfer/<int:figure_id>/verwijderen/",
        vangnet.FigureDeleteView.as_view(),
        name="vangnet_figure_delete",
    ),
    path("declaratie/<int:claim_id>/", vangnet.ClaimDetailView.as_view(), name="claim_detail"),
    path(
        "declaratie/<int:claim_id>/verifieren/",
        vangnet.ClaimVerifyView.as_view(),
        name="claim_verify",
    ),
    path(
        "declaratie/<int:claim_id>/goedkeuren/",
        vangnet.ClaimApproveView.as_view(),
        name="claim_approve",
    ),
    path(
        "declaratie/<int:claim_id>/afwijzen/",
        vangnet.ClaimRefuseView.as_view(),
        name="claim_refuse",
    ),
    path("declaratie/<int:claim_id>/betalen/", vangnet.ClaimPayView.as_view(), name="claim_pay"),
]
