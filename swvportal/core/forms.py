"""Helpers for forms shared by every app."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]  # as written in Dutch, and as a date input sends it
# Every date the portal stores lies here: pupils are at most 25, passend onderwijs dates from
# 2014, plans run four years ahead. The bounds also keep date arithmetic (+ 6 weeks, - 1 year)
# far from the ends of Python's calendar, where it raises OverflowError.
DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2099, 12, 31)


def check_date_range(value: datetime.date | None) -> None:
    """Refuse a date outside DATE_MIN … DATE_MAX, for forms and services alike."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            f"Vul een datum in tussen {DATE_MIN:%d-%m-%Y} en {DATE_MAX:%d-%m-%Y}.",
            code="date_range",
        )


def date_field(label: str, required: bool = False, **kwargs) -> forms.DateField:
    """A date field that says its format in the label, shows dates as dd-mm-jjjj and accepts
    only dates in the portal's range."""
    validators = [check_date_range, *kwargs.pop("validators", [])]
    return forms.DateField(
        label=f"{label} (dd-mm-jjjj)",
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d-%m-%Y"),
        validators=validators,
        **kwargs,
    )


def errors_into(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
