"""Forms validate input only; the rules live in ``documents.services``."""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field


class MonitoringReportForm(forms.Form):
    peildatum = date_field(
        "Peildatum",
        required=True,
        error_messages={
            "required": "Kies een peildatum.",
            "invalid": "Kies een geldige peildatum (dd-mm-jjjj).",
        },
    )
