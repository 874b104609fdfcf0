from django.urls import path

from . import views

app_name = "tenancy"

urlpatterns = [
    path("", views.SchoolListView.as_view(), name="school_list"),
    path("<int:school_id>/", views.SchoolDetailView.as_view(), name="school_detail"),
]
