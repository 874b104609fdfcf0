"""Helpers for forms shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]  # as written in Dutch, and as a date input sends it


def date_field(label: str, required: bool = False, **kwargs) -> forms.DateField:
    """A date field that says its format in the label and shows dates as dd-mm-jjjj."""
    return forms.DateField(
        label=f"{label} (dd-mm-jjjj)",
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d-%m-%Y"),
        **kwargs,
    )


def errors_into(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
