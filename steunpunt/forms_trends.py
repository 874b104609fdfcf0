"""Forms of part "trends": a trend, adding a signal to it, the overview's school year. They
validate input only; the rules are ``trends.trend_problems``, which the service raises and the
views put at the fields (``errors_into``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from swvportal.core.forms import date_field

from .models import NO_NAMES, SUMMARY_MAX, Contact, Theme, Trend, TrendStatus
from .trends import FIELDS


class TrendForm(forms.Form):
    title = forms.CharField(
        label="Titel",
        max_length=150,
        widget=forms.TextInput(attrs={"size": 50}),
        help_text="Kort, bijvoorbeeld: Lange wachttijd voor leerlingenvervoer. " + NO_NAMES,
        error_messages={"required": "Geef de trend een titel."},
    )
    description = forms.CharField(
        label="Beschrijving",
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat zien de signalen gemeen hebben? " + NO_NAMES,
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thema's",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label="Status", choices=TrendStatus.choices)
    action_taken = forms.CharField(
        label="Ondernomen actie",
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij 'Actie ondernomen' en 'Afgesloten'. " + NO_NAMES,
    )
    signalled_on = date_field(
        "Gesignaleerd op",
        required=True,
        error_messages={"required": "Vul in wanneer de trend is gesignaleerd."},
    )
    closed_on = date_field(
        "Afgesloten op", help_text="Alleen bij de status 'Afgesloten'. Niet in de toekomst."
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, tenant, trend: Trend | None = None, **kwargs):
        if trend is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = self.initial_of(trend)
        kwargs.setdefault("initial", {"signalled_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        chosen = Q(trends=trend) if trend is not None else Q(pk__in=[])
        self.fields["themes"].queryset = (
            Theme.objects.filter(tenant=tenant).filter(Q(is_active=True) | chosen).distinct()
        )

    @staticmethod
    def initial_of(trend: Trend) -> dict[str, Any]:
        return {
            **{name: getattr(trend, name) for name in FIELDS},
            "themes": list(trend.themes.all()),
            "revision": trend.revision,
        }

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELDS}


class SignalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        themes = ", ".join(t.name for t in obj.themes.all()) or "geen thema"
        return f"{obj.reference} ({obj.received_on:%d-%m-%Y}, {themes})"


class SignalAddForm(forms.Form):
    contact = SignalChoiceField(
        label="Signaal",
        queryset=Contact.objects.none(),
        empty_label="Kies een signaal",
        error_messages={
            "required": "Kies het signaal dat u aan deze trend wilt toevoegen.",
            "invalid_choice": "Dit signaal kan niet (meer) worden toegevoegd. Kies een ander.",
        },
        help_text="Open signalen en signalen van het afgelopen jaar die nog bij geen trend horen.",
    )

    def __init__(self, *args, candidates, **kwargs):
        kwargs.setdefault("prefix", "signaal")
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = candidates
