"""allauth's second-factor forms, with our limits (``MFA_FORMS`` in settings).

Wrong codes are counted by axes (see ``signals``); these forms refuse every code while the
account is locked, end a half-login (password done, code not yet) after too many wrong codes,
and let only a session that proved more than the password set up TOTP.
"""

from __future__ import annotations

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError

from .services import (
    enrolment_allowed,
    enrolment_code_redeem,
    login_failure_record,
    login_locked,
)

LOCKED = "U heeft te vaak een verkeerde code ingevuld. Inloggen is tijdelijk geblokkeerd."
HALF_LOGIN_ENDED = "U heeft te vaak een verkeerde code ingevuld. Log opnieuw in met uw wachtwoord."
WRONG_CODES_SESSION_KEY = "accounts.mfa_wrong_codes"


class LimitedCodeMixin:
    """Refuse codes of a locked account unseen; end the half-login after the limit."""

    def clean_code(self) -> str:
        request = context.request
        if login_locked(request=request, user=self.user):
            # Counted like a password during lockout, so the lockout page shows and lasts.
            login_failure_record(
                request=request,
                user=self.user,
                kind="mfa_locked",
                what="Code geweigerd: geblokkeerd",
            )
            _end_half_login(request)
            raise ValidationError(LOCKED)
        try:
            return super().clean_code()
        except ValidationError:
            if _count_wrong_code(request) >= settings.AXES_FAILURE_LIMIT:
                _end_half_login(request)
                raise ValidationError(HALF_LOGIN_ENDED) from None
            raise


def _count_wrong_code(request) -> int:
    """Wrong codes in this half-login: a reset of axes' counter (the owner logging in
    elsewhere) must not give a half-login fresh guesses."""
    stage = getattr(request, "_login_stage", None)
    if stage is None:  # reauthentication of a logged-in user: axes' count alone
        return 0
    started = stage.login.initiated_at
    seen = request.session.get(WRONG_CODES_SESSION_KEY) or {}
    count = (seen.get("count", 0) if seen.get("login") == started else 0) + 1
    request.session[WRONG_CODES_SESSION_KEY] = {"login": started, "count": count}
    return count


def _end_half_login(request) -> None:
    stage = getattr(request, "_login_stage", None)
    if stage is not None:
        stage.abort()


class PortalAuthenticateForm(LimitedCodeMixin, AuthenticateForm):
    pass


class PortalReauthenticateForm(LimitedCodeMixin, ReauthenticateForm):
    pass


class PortalActivateTOTPForm(ActivateTOTPForm):
    """Setting up TOTP needs the session of a password reset from the mail, or an
    administrator's one-time enrolment code; otherwise someone with only the password could
    tie the account to their own phone."""

    enrolment_code = forms.CharField(
        label="Activeringscode van uw beheerder (bijvoorbeeld K7QM-2XWP)", max_length=20
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment_allowed = enrolment_allowed(request=context.request, user=self.user)
        if self.enrolment_allowed:
            del self.fields["enrolment_code"]
        else:
            self._code_field = self.fields.pop("code")

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.enrolment_allowed:
            return cleaned
        code = cleaned.get("enrolment_code")
        if not code:
            return cleaned
        request = context.request
        if not enrolment_code_redeem(request=request, user=self.user, code=code):
            self.add_error(
                "enrolment_code",
                "Deze activeringscode klopt niet, is al gebruikt of is verlopen. "
                "Vraag uw beheerder om een nieuwe code.",
            )
            return cleaned
        self._switch_to_totp_step(request)
        return cleaned

    def _switch_to_totp_step(self, request) -> None:
        """The code is right: show the QR code and ask for the app's code (the form stays
        invalid, so nothing is switched on before the app proves it has the secret)."""
        self.enrolment_allowed = True
        del self.fields["enrolment_code"]
        self.fields["code"] = self._code_field
        messages.success(request, "Uw activeringscode is goedgekeurd.")
        self.add_error("code", "Scan de QR-code en vul de code uit de app in.")


class GrantsForm(forms.Form):
    """The capabilities the bestuurder may give this one member on top of their role."""

    capabilities = forms.MultipleChoiceField(
        label="Extra bevoegdheden",
        help_text="Vink aan wat deze persoon mag. Haal het vinkje weg om een bevoegdheid in te "
        "trekken. Elke wijziging komt in het logboek.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Deze bevoegdheid kan niet aan dit lid worden gegeven."},
    )

    def __init__(self, *args, grantable=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].choices = [(c.name, c.label) for c in grantable]
