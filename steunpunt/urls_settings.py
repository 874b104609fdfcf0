"""URLs of part "settings" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

from django.urls import path

from .views import settings

urlpatterns = [
    path("instellingen/", settings.SettingsView.as_view(), name="settings"),
    path("instellingen/themas/", settings.ThemeListView.as_view(), name="theme_list"),
    path("instellingen/themas/nieuw/", settings.ThemeCreateView.as_view(), name="theme_create"),
    path(
        "instellingen/themas/standaard/",
        settings.ThemeDefaultsView.as_view(),
        name="theme_defaults",
    ),
    path(
        "instellingen/themas/<int:theme_id>/", settings.ThemeEditView.as_view(), name="theme_edit"
    ),
    path(
        "instellingen/themas/<int:theme_id>/verwijderen/",
        settings.ThemeDeleteView.as_view(),
        name="theme_delete",
    ),
]
