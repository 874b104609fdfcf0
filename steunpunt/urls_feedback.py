"""URLs of part "feedback" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

from django.urls import path

from .views import feedback

urlpatterns = [
    path("terugkoppeling/", feedback.FeedbackListView.as_view(), name="feedback_list"),
    path(
        "terugkoppeling/<int:school_year>/school/<int:school_id>/",
        feedback.FeedbackEditView.as_view(),
        name="feedback_edit",
    ),
    path(
        "terugkoppeling/<int:feedback_id>/",
        feedback.FeedbackDetailView.as_view(),
        name="feedback_detail",
    ),
]
