"""Part "settings": the steunpunt's settings and its themes (``steunpunt.change_settings``,
the bestuurder's; any other role gets a 403)."""

from __future__ import annotations

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.tables import BaseTable

from .. import services
from .. import settings_pages as pages
from ..forms_settings import SettingsForm, ThemeCreateForm, ThemeForm
from ..models import Theme
from ..selectors import CHANGE_SETTINGS


def _url(request: HttpRequest, name: str, **kwargs) -> str:
    return reverse(f"steunpunt:{name}", kwargs={"tenant_code": request.tenant.code, **kwargs})


def _theme(request: HttpRequest, theme_id: int) -> Theme:
    theme = Theme.objects.filter(tenant=request.tenant, pk=theme_id).first()
    if theme is None:
        raise Http404("Dit thema bestaat niet (meer).")
    return theme


class SettingsView(TenantPageMixin, View):
    capability = CHANGE_SETTINGS
    template_name = "steunpunt/settings/settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SettingsForm(instance=services.steunpunt_settings(self.tenant))
        return self.page(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SettingsForm(request.POST, instance=services.steunpunt_settings(self.tenant))
        if form.is_valid():
            try:
                pages.settings_save(tenant=self.tenant, data=form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De instellingen van het steunpunt zijn opgeslagen.")
                return redirect(_url(request, "settings"))
        return self.page(request, form, status=400)

    def page(self, request, form, *, status=200) -> HttpResponse:
        public = request.build_absolute_uri(pages.public_form_path(self.tenant))
        context = {"form": form, "public_url": public, "themes_url": _url(request, "theme_list")}
        return render(request, self.template_name, context, status=status)


class ThemeTable(BaseTable):
    order = tables.Column(verbose_name="Volgorde", attrs={"td": {"class": "num"}})
    name = tables.Column(verbose_name="Naam")
    is_active = tables.BooleanColumn(verbose_name="In gebruik", yesno="ja,nee")
    contact_count = tables.Column(verbose_name="Contacten", attrs={"td": {"class": "num"}})
    actions = tables.Column(verbose_name="Acties", accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = Theme
        fields = ["order", "name", "is_active", "contact_count", "actions"]
        order_by = ("order", "name")
        empty_text = "Er zijn nog geen thema's."

    def render_name(self, record: Theme) -> str:
        url = reverse(
            "steunpunt:theme_edit",
            kwargs={"tenant_code": record.tenant.code, "theme_id": record.pk},
        )
        return format_html('<a href="{}">{}</a>', url, record.name)

    def render_actions(self, record: Theme) -> str:
        kwargs = {"tenant_code": record.tenant.code, "theme_id": record.pk}
        return format_html(
            '<a href="{}">Wijzigen<span class="visually-hidden"> {}</span></a> · '
            '<a href="{}">Verwijderen<span class="visually-hidden"> {}</span></a>',
            reverse("steunpunt:theme_edit", kwargs=kwargs),
            record.name,
            reverse("steunpunt:theme_delete", kwargs=kwargs),
            record.name,
        )


class ThemeListView(TenantPageMixin, View):
    """The tenant's themes with their use, and the form to add one."""

    capability = CHANGE_SETTINGS
    template_name = "steunpunt/settings/theme_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, ThemeCreateForm())

    def page(self, request, form, *, status=200) -> HttpResponse:
        queryset = pages.theme_list(tenant=self.tenant).select_related("tenant")
        table = ThemeTable(queryset, request=request)
        tables.RequestConfig(request, paginate={"per_page": 50}).configure(table)
        context = {
            "table": table,
            "form": form,
            "empty": not queryset.exists(),
            "settings_url": _url(request, "settings"),
        }
        return render(request, self.template_name, context, status=status)


class ThemeCreateView(ThemeListView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ThemeCreateForm(request.POST)
        if form.is_valid():
            try:
                theme = pages.theme_create(tenant=self.tenant, name=form.cleaned_data["name"])
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Het thema ‘{theme.name}’ is toegevoegd.")
                return redirect(_url(request, "theme_list"))
        return self.page(request, form, status=400)


class ThemeDefaultsView(ThemeListView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            made = pages.themes_defaults(tenant=self.tenant)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"De standaardlijst met {len(made)} thema's is toegevoegd.")
        return redirect(_url(request, "theme_list"))


class ThemeEditView(TenantPageMixin, View):
    capability = CHANGE_SETTINGS
    template_name = "steunpunt/settings/theme_edit.html"

    def get(self, request: HttpRequest, theme_id: int) -> HttpResponse:
        theme = _theme(request, theme_id)
        return self.page(request, theme, ThemeForm(instance=theme))

    def post(self, request: HttpRequest, theme_id: int) -> HttpResponse:
        theme = _theme(request, theme_id)
        form = ThemeForm(request.POST, instance=Theme.objects.get(pk=theme.pk))
        if form.is_valid():
            try:
                pages.theme_update(theme=theme, **form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Het thema ‘{theme.name}’ is opgeslagen.")
                return redirect(_url(request, "theme_list"))
        return self.page(request, theme, form, status=400)

    def page(self, request, theme, form, *, status=200) -> HttpResponse:
        context = {
            "theme": theme,
            "form": form,
            "back": _url(request, "theme_list"),
            "delete_url": _url(request, "theme_delete", theme_id=theme.pk),
        }
        return render(request, self.template_name, context, status=status)


class ThemeDeleteView(TenantPageMixin, View):
    """Confirm first; a theme in use is not deleted (the page says why and what to do)."""

    capability = CHANGE_SETTINGS
    template_name = "steunpunt/settings/theme_delete.html"

    def get(self, request: HttpRequest, theme_id: int) -> HttpResponse:
        return self.page(request, _theme(request, theme_id))

    def post(self, request: HttpRequest, theme_id: int) -> HttpResponse:
        theme = _theme(request, theme_id)
        try:
            pages.theme_delete(theme=theme)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.page(request, theme, status=400)
        messages.success(request, f"Het thema ‘{theme.name}’ is verwijderd.")
        return redirect(_url(request, "theme_list"))

    def page(self, request, theme, *, status=200) -> HttpResponse:
        uses = pages.theme_uses(theme)
        context = {
            "theme": theme,
            "uses": uses,
            "back": _url(request, "theme_list"),
            "edit_url": _url(request, "theme_edit", theme_id=theme.pk),
        }
        return render(request, self.template_name, context, status=status)
