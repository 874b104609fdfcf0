"""How django-axes counts failed logins (passwords, second-factor and enrolment codes).

* An account is locked after ``AXES_FAILURE_LIMIT`` failures from any address: attempts are
  keyed on the account alone, so a new address does not bring fresh guesses.
* An address is refused after ``LOGIN_FAILURES_PER_ADDRESS`` failures for any accounts. That
  limit is separate and generous, because a whole school behind one NAT address shares it.
* The cool-off doubles with every further round of failures, up to ``AXES_COOLOFF_MAX_HOURS``.
* The client address is allauth's (``ALLAUTH_TRUSTED_PROXY_COUNT``), so axes and allauth's rate
  limits always agree on who the client is.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from swvportal.core.addresses import client_address


def username_from_request(request: HttpRequest, credentials: dict | None = None) -> str:
    """allauth authenticates with ``email``; its login form posts the address as ``login``."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
    value = (value or "").strip().lower()
    if request is not None:
        # axes asks for the cool-off with the request only; it asks for the username first.
        request.portal_login_username = value
    return value


def client_ip(request: HttpRequest) -> str | None:
    return client_address(request)


def lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list:
    """The account always; the address as well once it has too many failures of its own."""
    address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(
        request_or_attempt, "ip_address", None
    )
    if address and _failures(ip_address=address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return ["username", "ip_address"]
    return ["username"]


def cool_off(request: HttpRequest | None) -> timedelta:
    """The base cool-off, doubled for every further full round of failures of this account."""
    base = _base()
    username = getattr(request, "portal_login_username", "")
    if not username:
        return base
    rounds = _failures(username=username) // settings.AXES_FAILURE_LIMIT
    longest = timedelta(hours=settings.AXES_COOLOFF_MAX_HOURS)
    return min(base * 2 ** min(max(rounds - 1, 0), 16), longest)


def _base() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_HOURS)


def _failures(**lookup: str) -> int:
    """Failures still on record (not yet expired) for an account or an address."""
    now = timezone.now()
    # Rows from before AXES_USE_ATTEMPT_EXPIRATION have no expiry: the base cool-off holds.
    legacy = Q(expiration__isnull=True, attempt_time__gt=now - _base())
    live = legacy | Q(expiration__expires_at__gt=now)
    total = AccessAttempt.objects.filter(live, **lookup).aggregate(n=Sum("failures_since_start"))
    return total["n"] or 0
