"""Forms after the decision: they validate input; the rules are in
``referrals.services.loket_aftercare``."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from swvportal.core.forms import date_field

from ..models.loket import ExternalReferral, FutureConversation, Objection, ObjectionOutcome
from .pupils import PupilFieldsMixin


class ObjectionCreateForm(forms.ModelForm):
    received_on = date_field("Ontvangen op", required=True)
    with_committee = forms.TypedChoiceField(
        label="Wie adviseert over het bezwaar?",
        choices=[
            ("1", "Een bezwaarcommissie (beslistermijn 12 weken)"),
            ("0", "Geen commissie: het Loket beslist zelf (beslistermijn 6 weken)"),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )

    class Meta:
        model = Objection
        fields = ["received_on", "with_committee", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"note": "Geen namen van de leerling of de ouders."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class ObjectionEditForm(ObjectionCreateForm):
    advice_asked_on = date_field("Advies gevraagd op")
    hearing_on = date_field("Hoorzitting op")
    outcome = forms.ChoiceField(
        label="Beslissing op bezwaar",
        required=False,
        choices=[("", "— nog niet beslist —"), *ObjectionOutcome.choices],
    )
    decided_on = date_field("Beslist op")

    class Meta(ObjectionCreateForm.Meta):
        fields = [
            "received_on",
            "with_committee",
            "stage",
            "advice_asked_on",
            "hearing_on",
            "outcome",
            "decided_on",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["with_committee"] = "1" if self.instance.with_committee else "0"


class ReferralForm(PupilFieldsMixin, forms.ModelForm):
    referred_on = date_field("Datum verwijzing", required=True)

    class Meta:
        model = ExternalReferral
        fields = ["referred_on", "destination", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "destination": "De naam en plaats van de school buiten het samenwerkingsverband.",
            "note": "Geen naam of BSN van de leerling.",
        }


class FutureConversationForm(forms.ModelForm):
    planned_on = date_field("Gepland op")
    held_on = date_field("Gehouden op")

    class Meta:
        model = FutureConversation
        fields = ["planned_on", "held_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "held_on": (
                "Vul dit in na het gesprek. Daarna staat de verwijzing niet meer in de lijst."
            ),
            "note": "Wat u met de school hebt afgesproken. Geen naam van de leerling.",
        }
