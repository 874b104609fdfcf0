"""Writes about people and memberships."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

from swvportal.tenancy.models import School, Tenant

from .models import Membership, Role, User


@transaction.atomic
def user_get_or_create(
    *, email: str, password: str | None = None, first_name: str = "", last_name: str = ""
) -> tuple[User, bool]:
    """The user with this e-mail address, created (with a usable password or none) if new."""
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email, password, first_name=first_name, last_name=last_name)
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


@transaction.atomic
def membership_set(
    *, user: User, tenant: Tenant, role: str, schools: list[School] = ()
) -> Membership:
    """Give ``user`` the one ``role`` they have in ``tenant`` (replacing an earlier role)."""
    if role not in Role.values:
        raise ValidationError(f"Onbekende rol {role!r}. Kies uit: {', '.join(Role.values)}.")
    if role == Role.ZORGCOORDINATOR and not schools:
        raise ValidationError("Een zorgcoördinator hoort bij minstens één school.")
    if role != Role.ZORGCOORDINATOR and schools:
        raise ValidationError("Alleen een zorgcoördinator wordt aan scholen gekoppeld.")
    if any(s.tenant_id != tenant.pk for s in schools):
        raise ValidationError("Een school hoort niet bij dit samenwerkingsverband.")
    membership, _ = Membership.objects.update_or_create(
        user=user, tenant=tenant, defaults={"role": role}
    )
    membership.schools.set(schools)
    return membership
