"""Forms of part "contacts": a contact (new or changed), closing it, tagging it as a signal.

They validate input; the contact's rules are ``contacts.contact_problems``, read here and in the
services, so the page shows every problem at once and the service refuses the same.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from swvportal.core.forms import date_field

from . import contacts
from .models import (
    NO_NAMES,
    SUMMARY_MAX,
    Action,
    Asker,
    CallbackRequest,
    Channel,
    Contact,
)
from .selectors import schools

CONTACT_FIELDS = (
    "received_on",
    "channel",
    "asker",
    "school",
    "summary",
    "actions",
    "referred_to",
    "follow_up_needed",
    "follow_up_by",
    "follow_up_note",
    "is_signal",
    "trend",
)

# The groups the page shows, each in a fieldset with its legend.
GROUPS = (
    ("Het contact", ("received_on", "channel", "asker", "school", "themes")),
    ("Wat er speelt en wat er is gedaan", ("summary", "actions", "referred_to")),
    ("Vervolg", ("follow_up_needed", "follow_up_by", "follow_up_note")),
    ("Signaal", ("is_signal", "trend")),
)
CALLBACK_GROUP = ("cb_name", "cb_phone", "cb_email", "cb_best_time")


def _choices(choices) -> list[tuple[str, str]]:
    return [("", "Kies…"), *choices]


class ContactForm(forms.Form):
    """A contact as staff enter it. ``contact``: the one being changed (``None``: a new one).

    The call-back fields are there for an open contact only: a closed one is not called back.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    received_on = date_field("Datum van het contact", required=True)
    channel = forms.ChoiceField(label="Kanaal", choices=_choices(Channel.choices))
    asker = forms.ChoiceField(label="Wie neemt contact op", choices=_choices(Asker.choices))
    school = forms.ModelChoiceField(
        label="School",
        required=False,
        queryset=None,
        empty_label="Geen school of onbekend",
        help_text="Alleen als het contact over een school gaat.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thema's",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label="Korte samenvatting",
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Hoogstens {SUMMARY_MAX} tekens. {NO_NAMES}",
    )
    actions = forms.MultipleChoiceField(
        label="Wat is er gedaan",
        required=False,
        choices=Action.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    referred_to = forms.CharField(
        label="Doorverwezen naar",
        required=False,
        max_length=200,
        help_text="Alleen bij 'Doorverwezen': de organisatie, geen naam van een persoon.",
    )
    follow_up_needed = forms.BooleanField(label="Er is een vervolg nodig", required=False)
    follow_up_by = date_field(
        "Vervolg uiterlijk op", help_text="Verplicht als er een vervolg nodig is."
    )
    follow_up_note = forms.CharField(
        label="Wat is het vervolg",
        required=False,
        max_length=300,
        help_text=f"Hoogstens 300 tekens. {NO_NAMES}",
    )
    is_signal = forms.BooleanField(
        label="Dit contact is een signaal",
        required=False,
        help_text="Zegt dit contact iets over hoe passend onderwijs werkt?",
    )
    trend = forms.ModelChoiceField(
        label="Trend",
        required=False,
        queryset=None,
        empty_label="Geen trend",
        help_text="Alleen bij een signaal: de open trends van het steunpunt.",
    )
    cb_name = forms.CharField(label="Naam", required=False, max_length=100)
    cb_phone = forms.CharField(label="Telefoonnummer", required=False, max_length=30)
    cb_email = forms.EmailField(
        label="E-mailadres",
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."},
    )
    cb_best_time = forms.CharField(
        label="Wanneer bereikbaar",
        required=False,
        max_length=100,
        help_text="Bijvoorbeeld: dinsdagochtend.",
    )

    def __init__(self, *args, tenant, contact: Contact | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant, self.contact = tenant, contact
        kept = list(contact.themes.all()) if contact is not None else []
        self.fields["school"].queryset = schools(tenant=tenant)
        self.fields["themes"].queryset = contacts.theme_choices(tenant=tenant, keep=kept)
        self.fields["trend"].queryset = contacts.trend_choices(
            tenant=tenant, keep=contact.trend if contact is not None else None
        )
        self.fields["received_on"].initial = timezone.localdate()
        if contact is None:
            del self.fields["revision"]
        if not self.may_call_back:
            for name in CALLBACK_GROUP:
                del self.fields[name]

    @classmethod
    def initial_of(cls, contact: Contact, callback: CallbackRequest | None) -> dict:
        initial = {name: getattr(contact, name) for name in CONTACT_FIELDS}
        initial["themes"] = list(contact.themes.all())
        initial["revision"] = contact.revision
        if callback is not None:
            initial.update({f"cb_{k}": getattr(callback, k) for k in contacts.CALLBACK_FIELDS})
        return initial

    @property
    def may_call_back(self) -> bool:
        return self.contact is None or self.contact.is_open

    def groups(self):
        found = [(legend, [self[n] for n in names]) for legend, names in GROUPS]
        if self.may_call_back:
            found.append(("Terugbelverzoek", [self[n] for n in CALLBACK_GROUP]))
        return found

    def clean(self):
        cleaned = super().clean()
        closed_on = self.contact.closed_on if self.contact is not None else None
        found = contacts.contact_problems({**cleaned, "closed_on": closed_on}, tenant=self.tenant)
        for field, message in found.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        if self.may_call_back and any(cleaned.get(n) for n in CALLBACK_GROUP):
            if not cleaned.get("cb_name"):
                self.add_error("cb_name", "Vul de naam in van wie teruggebeld wil worden.")
            if not (cleaned.get("cb_phone") or cleaned.get("cb_email")) and (
                "cb_email" not in self.errors
            ):
                self.add_error(
                    "cb_phone", "Vul een telefoonnummer of een e-mailadres in om terug te bellen."
                )
        return cleaned

    def contact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}

    def callback_data(self) -> dict | None:
        """The call-back request as the services take it; ``None`` on a closed contact."""
        if not self.may_call_back:
            return None
        return {k: self.cleaned_data.get(f"cb_{k}") or "" for k in contacts.CALLBACK_FIELDS}


class CloseForm(forms.Form):
    closed_on = date_field("Afgesloten op", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class SignalForm(forms.Form):
    is_signal = forms.BooleanField(label="Dit contact is een signaal", required=False)
    trend = forms.ModelChoiceField(
        label="Trend",
        required=False,
        queryset=None,
        empty_label="Geen trend",
        error_messages={"invalid_choice": "Kies een trend uit de lijst."},
    )

    def __init__(self, *args, tenant, contact: Contact, **kwargs):
        kwargs.setdefault("prefix", "signaal")
        kwargs.setdefault("initial", {"is_signal": contact.is_signal, "trend": contact.trend_id})
        super().__init__(*args, **kwargs)
        self.fields["trend"].queryset = contacts.trend_choices(tenant=tenant, keep=contact.trend)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("trend") is not None and not cleaned.get("is_signal"):
            self.add_error("trend", contacts.NO_SIGNAL)
        return cleaned
