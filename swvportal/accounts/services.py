"""Writes about people and memberships."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from auditlog.context import set_actor
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import get_random_string

from swvportal.audit.services import log_read
from swvportal.tenancy.models import School, Tenant

from .models import EnrolmentCode, Membership, Role, User
from .permissions import NEVER_GRANTED, grantable_to

log = logging.getLogger(__name__)

# No 0/O or 1/I: the code is read out over the phone or copied from a letter.
ENROLMENT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROLMENT_SESSION_KEY = "accounts.enrolment_allowed_for"


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


def login_locked(*, request: HttpRequest, user: User) -> bool:
    """Is this account (or the client's address) locked by axes right now?"""
    return not AxesProxyHandler.is_allowed(request, {"username": user.email})


def login_failure_record(*, request: HttpRequest, user: User, kind: str, what: str) -> None:
    """Count a wrong code in axes' lockout, the same one wrong passwords count in, and log it.

    axes listens to Django's ``user_login_failed``; with the account's address as username the
    failure lands on the same ``AccessAttempt`` as a wrong password for that account.
    """
    user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
    address = getattr(request, "axes_ip_address", None)
    log.warning("Wrong %s code for user %s from %s", _KIND_LABELS[kind], user.pk, address)
    log_read(request, user, what=what, kind=kind, client_address=address)


_KIND_LABELS = {
    "mfa": "second-factor",
    "mfa_locked": "second-factor (refused unchecked: locked)",
    "enrolment": "enrolment",
}


def enrolment_allowed(*, request: HttpRequest, user: User) -> bool:
    """May this session set up a second factor for ``user``? A password alone is not enough."""
    return request.session.get(ENROLMENT_SESSION_KEY) == user.pk


def enrolment_allow(*, request: HttpRequest, user: User) -> None:
    """This session proved more than the password: a reset link from the mail, or a code."""
    request.session[ENROLMENT_SESSION_KEY] = user.pk


def enrolment_done(*, request: HttpRequest) -> None:
    request.session.pop(ENROLMENT_SESSION_KEY, None)


@transaction.atomic
def enrolment_code_issue(*, user: User, valid_for: timedelta) -> str:
    """A new one-time enrolment code for ``user`` (earlier unused codes stop working)."""
    code = "-".join(get_random_string(4, ENROLMENT_ALPHABET) for _ in range(2))
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    EnrolmentCode.objects.create(
        user=user, code_hash=make_password(_normal(code)), expires_at=timezone.now() + valid_for
    )
    return code


@transaction.atomic
def enrolment_code_redeem(*, request: HttpRequest, user: User, code: str) -> bool:
    """Use up a valid code of ``user`` and let this session enrol; a wrong code counts as a
    failed login, so codes cannot be guessed without limit."""
    now = timezone.now()
    candidates = EnrolmentCode.objects.select_for_update().filter(
        user=user, used_at__isnull=True, expires_at__gt=now
    )
    for candidate in candidates:
        if check_password(_normal(code), candidate.code_hash):
            candidate.used_at = now
            candidate.save(update_fields=["used_at"])
            enrolment_allow(request=request, user=user)
            return True
    login_failure_record(
        request=request, user=user, kind="enrolment", what="Verkeerde activeringscode"
    )
    return False


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


@transaction.atomic
def membership_grants_set(membership: Membership, names, by: User | None = None) -> Membership:
    """Give this one member exactly these capabilities on top of their role
    (``Membership.extra_capabilities``; issue #16, point 6).

    Only what ``permissions.grantable_to`` offers this member may be given: a name that is not
    grantable (or never to toezicht and the inspectie) is refused in Dutch and nothing changes.
    The change is in the audit log (Membership is registered with auditlog; the actor is the
    request's user, ``by``). A member with a grant must log in with a second factor
    (``Membership.requires_mfa``).
    """
    chosen = list(dict.fromkeys(str(name) for name in names))
    if chosen and membership.role in NEVER_GRANTED:
        raise ValidationError(
            f"De rol {membership.get_role_display()} krijgt nooit extra bevoegdheden: "
            "toezicht en inspectie zien alleen totalen."
        )
    allowed = [c.name for c in grantable_to(membership)]
    refused = [name for name in chosen if name not in allowed]
    if refused:
        raise ValidationError(
            "Deze bevoegdheid kan niet aan dit lid worden gegeven: " + ", ".join(refused) + "."
        )
    # Kept in the table's order, so the same choice always stores the same list.
    ordered = [name for name in allowed if name in chosen]
    if sorted(ordered) == sorted(membership.extra_capabilities or []):
        return membership
    with set_actor(by) if by is not None else contextlib.nullcontext():
        membership.extra_capabilities = ordered
        membership.save(update_fields=["extra_capabilities"])
    return membership
