"""Part "settings": the forms of the steunpunt's settings and its themes."""

from __future__ import annotations

from django import forms

from .models import SteunpuntSettings, Theme

RETENTION_ERROR = "Kies een bewaartermijn van 1 tot en met 10 jaar."


class SettingsForm(forms.ModelForm):
    retention_years = forms.IntegerField(
        label="Bewaartermijn (jaren)",
        min_value=1,
        max_value=10,
        error_messages={
            "required": "Vul de bewaartermijn in (1 tot en met 10 jaar).",
            "invalid": "Vul een heel aantal jaren in.",
            "min_value": RETENTION_ERROR,
            "max_value": RETENTION_ERROR,
        },
        help_text=(
            "Zo lang na het afsluiten van een contact blijven de vrije teksten bewaard "
            "(de vraag, de samenvatting, naar wie is doorverwezen en het vervolg). Daarna "
            "worden ze elke nacht automatisch gewist; de datum, het kanaal, de thema's en de "
            "tellingen blijven. Een terugbelverzoek (naam en telefoonnummer) wordt al gewist "
            "zodra het contact is afgesloten."
        ),
        widget=forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
    )
    form_intro = forms.CharField(
        label="Tekst boven het formulier",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        error_messages={"max_length": "De tekst is te lang: maximaal 1000 tekens."},
        help_text=SteunpuntSettings._meta.get_field("form_intro").help_text
        + " Maximaal 1000 tekens.",
    )

    class Meta:
        model = SteunpuntSettings
        fields = ["retention_years", "notify_email", "form_open", "form_intro"]
        labels = {
            "notify_email": "E-mailadres van het steunpunt",
            "form_open": "Het openbare formulier staat open",
        }
        error_messages = {
            "notify_email": {
                "invalid": "Vul een geldig e-mailadres in, bijvoorbeeld steunpunt@swv.nl."
            },
        }


class ThemeCreateForm(forms.Form):
    name = forms.CharField(
        label="Naam van het nieuwe thema",
        max_length=80,
        error_messages={
            "required": "Vul de naam van het thema in.",
            "max_length": "De naam is te lang: maximaal 80 tekens.",
        },
    )


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "order", "is_active"]
        labels = {"name": "Naam", "order": "Volgorde", "is_active": "In gebruik"}
        help_texts = {
            "order": "Een lager getal staat hoger in de lijst.",
            "is_active": "Niet meer in gebruik: het thema blijft bij oude contacten staan, "
            "maar is niet meer te kiezen.",
        }
        error_messages = {
            "name": {
                "required": "Vul de naam van het thema in.",
                "max_length": "De naam is te lang: maximaal 80 tekens.",
            },
            "order": {
                "required": "Vul de volgorde in.",
                "invalid": "Vul een heel getal in.",
                "min_value": "De volgorde is 0 of hoger.",
            },
        }

    def validate_unique(self) -> None:
        """The service says it in Dutch (``settings_pages.theme_update``)."""

    def _post_clean(self) -> None:
        # The model is cleaned by the service; only copy the values onto the instance.
        pass
