"""Forms of the vangnet: a figure (overrule the Loket or enter residential pupils) and the
claim's steps. They validate input only; the rules are in ``vangnet_data``, whose Dutch messages
the views put at the fields (``errors_into``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from swvportal.core.forms import date_field

from .models import FigureKind, FigureSource, Peildatum
from .vangnet_data import CATEGORIES, CATEGORY_LABELS

_EURO = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$")


class EuroField(forms.Field):
    """Euros as people type them: "182.500", "182500", "182.500,50", "€ 1.234,5"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off", maxlength="20")

    def to_python(self, value):
        text = re.sub(r"[\s\u00a0€]", "", str(value or "")).removesuffix(",-")
        if not text:
            return None
        if not _EURO.match(text):
            raise ValidationError(
                f"'{value}' is geen bedrag. Schrijf bijvoorbeeld 182.500 of 182.500,50."
            )
        try:
            return Decimal(text.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
            raise ValidationError("Dit is geen bedrag.") from None


def category_choices(sbo: bool) -> list[tuple[str, str]]:
    if sbo:
        return [("", "Geen categorie (sbo)")]
    return [(c, CATEGORY_LABELS[c]) for c in CATEGORIES]


class FigureForm(forms.Form):
    kind = forms.ChoiceField(label="Welk cijfer", choices=FigureKind.choices)
    peildatum = forms.ChoiceField(
        label="Peildatum",
        choices=[("", "Geen (instroom of uitstroom)"), *Peildatum.choices],
        required=False,
        help_text="Alleen bij een aantal op een peildatum.",
    )
    category = forms.ChoiceField(label="Categorie", required=False)
    value = forms.IntegerField(label="Aantal leerlingen", min_value=0, max_value=100_000)
    source = forms.ChoiceField(label="Bron", choices=FigureSource.choices)
    note = forms.CharField(
        label="Toelichting",
        max_length=300,
        required=False,
        help_text="Bijvoorbeeld: telling DUO van 1 oktober, of de naam van de instelling.",
    )

    def __init__(self, *args, sbo: bool = False, **kwargs):
        kwargs.setdefault("prefix", "cijfer")
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(sbo)


class ClaimRegisterForm(forms.Form):
    submitted_on = date_field("Ontvangen op", required=True)
    amount_claimed = EuroField(label="Gedeclareerd bedrag in euro's (bijvoorbeeld 182.500)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "declaratie")
        super().__init__(*args, **kwargs)


class VerifyForm(forms.Form):
    note = forms.CharField(
        label="Verschillen en uitleg",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Verplicht als het gedeclareerde bedrag afwijkt van het berekende bedrag.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "verifieren")
        super().__init__(*args, **kwargs)


class ApproveForm(forms.Form):
    amount_approved = EuroField(label="Goedgekeurd bedrag in euro's")
    reason = forms.CharField(
        label="Toelichting bij het besluit",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "goedkeuren")
        super().__init__(*args, **kwargs)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Reden van de afwijzing",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Schrijf de reden van de afwijzing op."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "afwijzen")
        super().__init__(*args, **kwargs)


class PayForm(forms.Form):
    paid_on = date_field("Betaald op", required=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "betalen")
        super().__init__(*args, **kwargs)


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DuoImportForm(forms.Form):
    """The file of DUO's figures and the school year they are for; checked by content and size
    before a row is read (``swvportal.core.imports``)."""

    school_year = forms.TypedChoiceField(label="Schooljaar", coerce=int)
    file = forms.FileField(
        label="Bestand (XLSX of CSV)",
        help_text="Hoogstens 5 MB. Kolommen: brin, cijfer, peildatum, categorie, aantal en "
        "eventueel toelichting.",
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, f"{y}-{y + 1}") for y in years]
        self.dataset = None

    def clean_file(self):
        from swvportal.core.imports import ImportFileError, load_dataset

        from .vangnet_import import COLUMNS

        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        file_format = "xlsx" if name.endswith(".xlsx") else "csv" if name.endswith(".csv") else ""
        if not file_format:
            raise ValidationError("Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("Het bestand is groter dan 5 MB.")
        try:
            self.dataset = load_dataset(upload.read(), file_format, required=COLUMNS)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload
