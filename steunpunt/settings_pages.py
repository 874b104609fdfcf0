"""Part "settings": the steunpunt's settings and its list of themes (services and selectors).

* the settings row (retention term, the steunpunt's e-mail address, the public form open or
  closed and its intro text) through ``services.steunpunt_settings``;
* the themes: add, rename, reorder, take out of use, and delete only a theme nothing uses (a
  contact, a trend or a feedback round); a used theme is taken out of use instead, so old
  contacts keep it.

Every change is in the audit log (``Theme`` and ``SteunpuntSettings`` are registered).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.urls import reverse

from swvportal.tenancy.models import Tenant

from . import services
from .models import SteunpuntSettings, Theme

SETTINGS_FIELDS = ("retention_years", "notify_email", "form_open", "form_intro")
DUPLICATE = "Er is al een thema met deze naam. Kies een andere naam."


def public_form_path(tenant: Tenant) -> str:
    """The path of the public form for parents and young people (part "public")."""
    return reverse("steunpunt_public:question", kwargs={"public_tenant_code": tenant.code})


@transaction.atomic
def settings_save(*, tenant: Tenant, data: Mapping) -> SteunpuntSettings:
    """Store the tenant's settings (only the known fields); refused in Dutch when invalid."""
    row = services.steunpunt_settings(tenant)
    for field in SETTINGS_FIELDS:
        if field in data:
            setattr(row, field, data[field])
    row.full_clean()
    row.save()
    return row


def theme_list(*, tenant: Tenant) -> QuerySet[Theme]:
    """The tenant's themes in their order, each with its number of contacts (one query)."""
    return (
        Theme.objects.filter(tenant=tenant)
        .annotate(contact_count=Count("contacts", distinct=True))
        .order_by("order", "name")
    )


@dataclass(frozen=True)
class ThemeUses:
    contacts: int
    trends: int
    feedback: int

    @property
    def any(self) -> bool:
        return bool(self.contacts or self.trends or self.feedback)

    def phrases(self) -> list[str]:
        def part(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        found = []
        if self.contacts:
            found.append(part(self.contacts, "contact", "contacten"))
        if self.trends:
            found.append(part(self.trends, "trend", "trends"))
        if self.feedback:
            found.append(part(self.feedback, "terugkoppeling", "terugkoppelingen"))
        return found


def theme_uses(theme: Theme) -> ThemeUses:
    return ThemeUses(
        contacts=theme.contacts.count(),
        trends=theme.trends.count(),
        feedback=theme.feedback.count(),
    )


def _name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValidationError({"name": "Vul de naam van het thema in."})
    return name


def _unique(tenant: Tenant, name: str, *, exclude: int | None = None) -> None:
    others = Theme.objects.filter(tenant=tenant, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError({"name": DUPLICATE})


@transaction.atomic
def theme_create(*, tenant: Tenant, name: str, order: int | None = None) -> Theme:
    """A new theme, in use; without an order it goes last. A duplicate name is refused."""
    name = _name(name)
    _unique(tenant, name)
    if order is None:
        last = Theme.objects.filter(tenant=tenant).aggregate(last=Max("order"))["last"]
        order = (last or 0) + 1
    theme = Theme(tenant=tenant, name=name, order=order)
    theme.full_clean(validate_unique=False, validate_constraints=False)
    theme.save()
    return theme


@transaction.atomic
def theme_update(*, theme: Theme, name: str, order: int, is_active: bool) -> Theme:
    """Rename, reorder or take a theme out of use (it stays on the contacts it is on)."""
    name = _name(name)
    _unique(theme.tenant, name, exclude=theme.pk)
    theme.name, theme.order, theme.is_active = name, order, is_active
    theme.full_clean(validate_unique=False, validate_constraints=False)
    theme.save()
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    """Delete a theme that nothing uses; a used one is refused (take it out of use instead)."""
    uses = theme_uses(theme)
    if uses.any:
        raise ValidationError(
            f"Het thema ‘{theme.name}’ wordt gebruikt ({', '.join(uses.phrases())}) en kan "
            "daarom niet weg. Zet het thema op ‘niet in gebruik’: dan blijft het bij de oude "
            "contacten staan, maar kiest niemand het nog."
        )
    theme.delete()


def themes_defaults(*, tenant: Tenant) -> list[Theme]:
    """The default list, only for a tenant without themes (``services.themes_ensure_defaults``)."""
    if Theme.objects.filter(tenant=tenant).exists():
        raise ValidationError(
            "Er zijn al thema's: de standaardlijst wordt alleen bij een lege lijst gebruikt."
        )
    return services.themes_ensure_defaults(tenant)
