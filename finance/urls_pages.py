"""URLs of the begroting's part "pages" (composed in ``finance.urls``): versions, lines,
amounts, comparison, approvals and the settings."""

from django.urls import path

from .views import pages

urlpatterns = [
    path("", pages.BegrotingListView.as_view(), name="begroting_list"),
    path("<int:begroting_id>/", pages.BegrotingDetailView.as_view(), name="begroting_detail"),
]
