"""Reads about people and memberships."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django_scopes import scopes_disabled

from swvportal.tenancy.models import Tenant

from .models import Membership, User


def membership_for(user: User, tenant: Tenant) -> Membership | None:
    """The user's membership of ``tenant``, cached on the user object for the request."""
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_memberships", {})
    if tenant.pk not in cache:
        # Runs before the tenant scope exists (it decides whether to open one), and only ever
        # looks at this one user's row.
        with scopes_disabled():
            cache[tenant.pk] = (
                Membership.objects.select_related("tenant").filter(user=user, tenant=tenant).first()
            )
    return cache[tenant.pk]


def memberships_of(user: User) -> list[Membership]:
    """All memberships of one person, across tenants: for the tenant switcher."""
    with scopes_disabled():  # the person's own list, across the tenants they belong to
        return list(
            Membership.objects.select_related("tenant").filter(user=user).order_by("tenant__name")
        )


def member_list(*, tenant: Tenant) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(tenant=tenant)
        .select_related("user")
        .prefetch_related("schools")
        .annotate(
            has_totp=Exists(
                Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
            )
        )
        .order_by(Lower("user__last_name"), Lower("user__first_name"), "user__email")
    )
