"""Forms of the TLV register: the amounts of a year, the cost rule, a historic TLV's row and the
import's upload. They check input only; the rules are in ``services.loket_register``."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from swvportal.core.forms import date_field

from ..models.loket import Category, DecisionOutcome, TlvKind
from ..services import loket_register as money

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class EuroField(forms.DecimalField):
    """An amount as people write it: "12.345,67", "€ 12345,67" or "12345.67"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


class AmountsForm(forms.Form):
    """One field per category (``AMOUNT_KEYS``); an empty field means: no amount this year."""

    def __init__(self, *args, initial_amounts: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        initial_amounts = initial_amounts or {}
        for key in money.AMOUNT_KEYS:
            self.fields[key.field_name] = EuroField(
                label=f"{key.label} (€ per leerling per jaar)",
                required=False,
                min_value=Decimal(0),
                max_value=money.MAX_AMOUNT - Decimal("0.01"),
                max_digits=10,
                decimal_places=2,
                localize=True,
                initial=initial_amounts.get(key),
                help_text="Leeg laten: geen bedrag voor dit jaar.",
            )

    def amounts(self) -> dict[money.AmountKey, Decimal | None]:
        return {key: self.cleaned_data.get(key.field_name) for key in money.AMOUNT_KEYS}


class CostRuleForm(forms.Form):
    charge_cluster_3_to_school = forms.BooleanField(
        label="De verwijzende school draagt de kosten van cluster 3", required=False
    )
    charge_cluster_4_to_school = forms.BooleanField(
        label="De verwijzende school draagt de kosten van cluster 4", required=False
    )


def _choices(choices, allowed: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices,
        error_messages={
            "required": f"Vul dit in. Kies uit: {allowed}.",
            "invalid_choice": f"Onbekende waarde '%(value)s'. Kies uit: {allowed}.",
        },
    )


class HistoricTlvRowForm(forms.Form):
    """One row of a file of historic TLVs (``resources_loket``), its cells as text."""

    pupil_number = forms.CharField(
        max_length=40, error_messages={"required": "Vul het leerlingnummer van de school in."}
    )
    birth_year = forms.IntegerField(
        min_value=1990,
        max_value=2099,
        error_messages={
            "required": "Vul het geboortejaar in, met vier cijfers.",
            "invalid": "Schrijf het geboortejaar met vier cijfers, bijvoorbeeld 2011.",
        },
    )
    kind = _choices(TlvKind.choices, "vso, pro, lwoo")
    cluster = forms.TypedChoiceField(
        choices=[("", "—"), ("3", "3"), ("4", "4")],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Onbekende waarde '%(value)s'. Kies uit: 3, 4 of leeg."},
    )
    category = forms.ChoiceField(
        choices=[("", "—"), *Category.choices],
        required=False,
        error_messages={
            "invalid_choice": "Onbekende waarde '%(value)s'. Kies uit: laag, midden, hoog of leeg."
        },
    )
    submitted_on = date_field("Ingediend op", required=True)
    outcome = _choices(DecisionOutcome.choices, "toegekend, afgewezen")
    decided_on = date_field("Besluit op", required=True)
    start_date = date_field("Ingangsdatum")
    end_date = date_field("Einddatum")


class TlvUploadForm(forms.Form):
    file = forms.FileField(
        label="Bestand (CSV of XLSX)",
        help_text="Hoogstens 5 MB. De eerste regel bevat de kolomnamen, zoals hieronder.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "Het bestand is groter dan 5 MB. Splits het op in kleinere bestanden."
            )
        return upload
