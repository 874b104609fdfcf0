from django.urls import path, register_converter

from . import views, views_items
from .converters import ItemKindConverter

register_converter(ItemKindConverter, "plankind")

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("nieuw/", views.PlanCreateView.as_view(), name="plan_create"),
    path("<int:plan_id>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:plan_id>/bewerken/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:plan_id>/status/", views.PlanStatusView.as_view(), name="plan_status"),
    path(
        "<int:plan_id>/nieuwe-versie/", views.PlanNewVersionView.as_view(), name="plan_new_version"
    ),
    path("<int:plan_id>/vergelijken/", views.PlanCompareView.as_view(), name="plan_compare"),
    path("<int:plan_id>/geschiedenis/", views.PlanHistoryView.as_view(), name="plan_history"),
    path(
        "<int:plan_id>/hoofdstuk/<int:item_id>/lezen/",
        views.ChapterReadView.as_view(),
        name="chapter_read",
    ),
    path(
        "<int:plan_id>/pijler/<int:item_id>/lezen/",
        views.PillarReadView.as_view(),
        name="pillar_read",
    ),
    path(
        "<int:plan_id>/<plankind:kind>/nieuw/",
        views_items.ItemCreateView.as_view(),
        name="item_create",
    ),
    path(
        "<int:plan_id>/<plankind:kind>/<int:item_id>/",
        views_items.ItemShowView.as_view(),
        name="item_show",
    ),
    path(
        "<int:plan_id>/<plankind:kind>/<int:item_id>/bewerken/",
        views_items.ItemEditView.as_view(),
        name="item_edit",
    ),
    path(
        "<int:plan_id>/<plankind:kind>/<int:item_id>/verwijderen/",
        views_items.ItemDeleteView.as_view(),
        name="item_delete",
    ),
    path(
        "<int:plan_id>/<plankind:kind>/<int:item_id>/verplaatsen/",
        views_items.ItemMoveView.as_view(),
        name="item_move",
    ),
]
