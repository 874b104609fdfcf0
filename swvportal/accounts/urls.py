from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member_list"),
    path(
        "<int:member_id>/bevoegdheden/",
        views.MemberGrantsView.as_view(),
        name="member_grants",
    ),
]
