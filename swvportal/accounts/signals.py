"""Receivers for allauth's signals; each hands over to a service."""

from __future__ import annotations

from allauth.account.signals import password_reset
from allauth.mfa.signals import authentication_failed, authenticator_added
from django.dispatch import receiver
from django.http import HttpRequest

from .models import User
from .services import enrolment_allow, enrolment_done, login_failure_record


@receiver(authentication_failed)
def count_wrong_second_factor_code(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """allauth sends this for every wrong TOTP or recovery code; axes does not see those."""
    login_failure_record(
        request=request, user=user, kind="mfa", what="Verkeerde code bij de tweede stap"
    )


@receiver(password_reset)
def allow_enrolment_after_password_reset(
    sender, request: HttpRequest, user: User, **kwargs
) -> None:
    """Whoever set the password from the mailed link has the mailbox, not only the password."""
    enrolment_allow(request=request, user=user)


@receiver(authenticator_added)
def end_enrolment(sender, request: HttpRequest, **kwargs) -> None:
    enrolment_done(request=request)
