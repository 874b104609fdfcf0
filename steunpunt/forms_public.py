"""The public form for parents and young people (part "public"). It validates input only; what
is stored is ``steunpunt.public``'s."""

from __future__ import annotations

from django import forms

from swvportal.tenancy.models import Tenant

from .models import MESSAGE_MAX, Asker
from .selectors import schools, themes

ASKERS = [
    (Asker.PARENT, "Ik ben ouder of verzorger"),
    (Asker.PUPIL, "Ik ben leerling of jongere"),
    (Asker.OTHER, "Anders"),
]
CALLBACK_FIELDS = ("name", "phone", "email", "best_time")
HONEYPOT = "website"
MISSING_ADDRESS = "Vul een telefoonnummer of een e-mailadres in, dan nemen we contact op."


class PublicQuestionForm(forms.Form):
    asker = forms.ChoiceField(
        label="Wie bent u?",
        choices=ASKERS,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies wie u bent."},
    )
    school = forms.ModelChoiceField(
        label="Over welke school gaat het?",
        queryset=None,
        required=False,
        empty_label="Weet ik niet of zeg ik liever niet",
        help_text="Niet verplicht.",
        error_messages={"invalid_choice": "Kies een school uit de lijst."},
    )
    theme = forms.ModelChoiceField(
        label="Waar gaat uw vraag over?",
        queryset=None,
        required=False,
        empty_label="Weet ik niet of iets anders",
        help_text="Niet verplicht.",
        error_messages={"invalid_choice": "Kies een onderwerp uit de lijst."},
    )
    message = forms.CharField(
        label="Uw vraag of ervaring",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Hoogstens {MESSAGE_MAX} tekens. U hoeft geen namen te noemen: niet van uzelf, "
        "niet van uw kind en niet van anderen.",
        error_messages={
            "required": "Schrijf uw vraag of ervaring op.",
            "max_length": "Uw bericht is te lang. Gebruik hoogstens %(limit_value)d tekens "
            "(het zijn er nu %(show_value)d).",
        },
    )
    callback = forms.BooleanField(
        label="Ik wil teruggebeld of gemaild worden",
        required=False,
        help_text="Dan vragen we hieronder hoe we u kunnen bereiken.",
    )
    name = forms.CharField(
        label="Hoe mogen we u noemen?",
        max_length=100,
        required=False,
        help_text="Uw voornaam is genoeg.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    phone = forms.CharField(
        label="Telefoonnummer",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    best_time = forms.CharField(
        label="Wanneer bent u het best bereikbaar?",
        max_length=100,
        required=False,
        help_text="Bijvoorbeeld: dinsdagmiddag of na 17.00 uur.",
    )
    # Hidden from people and screen readers (template: visually hidden, aria-hidden); a bot that
    # fills every field fills this one too.
    website = forms.CharField(
        label="Laat dit veld leeg",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools(tenant=tenant)
        # A parent knows the school by its name and place, not by its BRIN number.
        self.fields["school"].label_from_instance = _school_label
        self.fields["theme"].queryset = themes(tenant=tenant, active_only=True)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("callback"):
            if not data.get("name"):
                self.add_error("name", "Vul in hoe we u mogen noemen, als we u terugbellen.")
            if not (data.get("phone") or data.get("email") or "email" in self.errors):
                self.add_error("phone", MISSING_ADDRESS)
        return data

    def callback_data(self) -> dict | None:
        if not self.cleaned_data.get("callback"):
            return None  # filled in but not asked for: not stored
        return {f: self.cleaned_data.get(f, "") for f in CALLBACK_FIELDS}

    def mark_errors(self) -> None:
        """A field points to its help and its error (``aria-describedby``) and says it is
        invalid; the template writes the ids ``<auto_id>_helptext`` and ``<auto_id>-error``."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue  # its fieldset points to help and error (template)
            bound = self[name]
            ids = [f"{bound.auto_id}_helptext"] if field.help_text else []
            if name in self.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


def _school_label(school) -> str:
    return f"{school.name} ({school.municipality})" if school.municipality else school.name
