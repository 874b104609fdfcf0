"""Forms validate input only; the rules live in ``documents.services``."""

from __future__ import annotations

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class MonitoringReportForm(forms.Form):
    peildatum = forms.DateField(
        label="Peildatum (dd-mm-jjjj)",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Kies een peildatum.",
            "invalid": "Kies een geldige peildatum (dd-mm-jjjj).",
        },
    )
