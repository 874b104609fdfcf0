"""URLs of the begroting's part "pages" (composed in ``finance.urls``): the list, a new version,
a version's page and header, its lines (amounts in place with htmx, text, sub-lines, delete,
move) and the tenant's settings."""

from django.urls import path

from .views import lines, pages

LINE = "<int:begroting_id>/regel/<int:line_id>/"

urlpatterns = [
    path("", pages.BegrotingListView.as_view(), name="begroting_list"),
    path("nieuw/", pages.BegrotingCreateView.as_view(), name="begroting_create"),
    path("instellingen/", pages.SettingsView.as_view(), name="finance_settings"),
    path("<int:begroting_id>/", pages.BegrotingDetailView.as_view(), name="begroting_detail"),
    path("<int:begroting_id>/bewerken/", pages.BegrotingEditView.as_view(), name="begroting_edit"),
    path("<int:begroting_id>/regel/nieuw/", lines.LineCreateView.as_view(), name="line_create"),
    path(LINE, lines.LineShowView.as_view(), name="line_show"),
    path(f"{LINE}bedragen/", lines.AmountsEditView.as_view(), name="amounts_edit"),
    path(f"{LINE}bewerken/", lines.LineEditView.as_view(), name="line_edit"),
    path(f"{LINE}subregel/nieuw/", lines.SubLineCreateView.as_view(), name="subline_create"),
    path(f"{LINE}verwijderen/", lines.LineDeleteView.as_view(), name="line_delete"),
    path(f"{LINE}verplaatsen/", lines.LineMoveView.as_view(), name="line_move"),
]
