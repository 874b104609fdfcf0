"""URLs of part "feedback" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

from django.urls import path

from .views import feedback

urlpatterns = [
    path("terugkoppeling/", feedback.FeedbackListView.as_view(), name="feedback_list"),
]
