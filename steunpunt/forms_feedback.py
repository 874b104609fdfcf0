"""The form of a school's yearly feedback: input only; the rules (no date in the future, none
before the school year) are in ``steunpunt.feedback``, whose Dutch messages the view puts at the
fields (``errors_into``)."""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field

from .models import NO_NAMES, SUMMARY_MAX, Theme, Trend


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes whose field links to the first box (the error summary's "#id" link)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class FeedbackForm(forms.Form):
    given_on = date_field(
        "Datum van de terugkoppeling",
        required=True,
        help_text="Niet in de toekomst, en niet vóór het begin van het schooljaar.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Besproken thema's",
        queryset=Theme.objects.none(),
        required=False,
        widget=CheckboxList,
        help_text="Aangevinkt: de thema's van de contacten over deze school in dit schooljaar.",
    )
    trends = forms.ModelMultipleChoiceField(
        label="Besproken trends",
        queryset=Trend.objects.none(),
        required=False,
        widget=CheckboxList,
        help_text="Aangevinkt: de trends met signalen over deze school in dit schooljaar.",
    )
    note = forms.CharField(
        label="Wat is gedeeld",
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_NAMES,
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(tenant=tenant).order_by(
            "order", "name"
        )
        self.fields["trends"].queryset = Trend.objects.filter(tenant=tenant).order_by("title")
        self.fields["themes"].error_messages["invalid_choice"] = "Kies thema's uit de lijst."
        self.fields["trends"].error_messages["invalid_choice"] = "Kies trends uit de lijst."
        for name in ("themes", "trends"):
            self.fields[name].error_messages["invalid_pk_value"] = "Kies uit de lijst."
        self.fields["given_on"].error_messages["required"] = "Vul de datum in."
        self.fields["given_on"].error_messages["invalid"] = (
            "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 15-06-2026."
        )
