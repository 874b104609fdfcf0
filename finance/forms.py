"""Forms of the begroting's pages (part "pages"): a version's header, a line, a line's amounts
per year and the tenant's settings. They read what people type (whole euros in Dutch notation,
a percentage such as "3,5"); the rules (concept only, years, sub-lines) are the services'."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from swvportal.core.versioning import ApprovalBody

from .models import Begroting, BudgetLine, FinanceSettings, Forecast, LineSource
from .rules import format_euros, parse_euros
from .services import MAX_YEARS

YEAR_MIN, YEAR_MAX = 2000, 2099


class EurosInput(forms.TextInput):
    """A text input for whole euros: a numeric keyboard on a phone, Dutch thousands separators."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "numeric", "autocomplete": "off", "size": 12, **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, int):
            return format_euros(value)
        return super().format_value(value)


class EurosField(forms.Field):
    """Whole euros as people type them ("1.234.567", "€ 1.234", "-2.500", "1.234,00"):
    ``rules.parse_euros``. Blank is 0, or ``empty_value`` when given (a ceiling: none)."""

    widget = EurosInput

    def __init__(self, *, empty_value: Any = 0, **kwargs):
        self.empty_value = empty_value
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            return self.empty_value
        return parse_euros(value)


class RevisionMixin(forms.Form):
    """The revision the person started from, to detect a concurrent edit."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- A version's header ------------------------------------------------------------------------


class BegrotingForm(RevisionMixin, forms.Form):
    title = forms.CharField(
        label="Titel",
        max_length=200,
        initial="Meerjarenbegroting",
        widget=forms.TextInput(attrs={"size": 50}),
    )
    first_year = forms.IntegerField(
        label="Eerste kalenderjaar", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    last_year = forms.IntegerField(
        label="Laatste kalenderjaar",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text=f"Een meerjarenbegroting beslaat ten hoogste {MAX_YEARS} jaar.",
    )
    opening_reserve = EurosField(
        label="Eigen vermogen bij de start (€)",
        help_text="Het eigen vermogen op 1 januari van het eerste jaar, in hele euro's, "
        "bijvoorbeeld 1.250.000.",
    )
    note = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_of(cls, begroting: Begroting) -> dict[str, Any]:
        return {
            "title": begroting.title,
            "first_year": begroting.first_year,
            "last_year": begroting.last_year,
            "opening_reserve": begroting.opening_reserve,
            "note": begroting.note,
            "revision": begroting.revision,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last_year", "Het laatste jaar ligt voor het eerste jaar.")
            elif last - first + 1 > MAX_YEARS:
                self.add_error(
                    "last_year", f"Een meerjarenbegroting beslaat ten hoogste {MAX_YEARS} jaar."
                )
        return data

    def data_for_service(self) -> dict[str, Any]:
        names = ("title", "first_year", "last_year", "opening_reserve", "note")
        return {name: self.cleaned_data[name] for name in names}


# --- A line ------------------------------------------------------------------------------------


class LineForm(RevisionMixin, forms.Form):
    title = forms.CharField(
        label="Omschrijving", max_length=300, widget=forms.TextInput(attrs={"size": 60})
    )
    note = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Staat onder de omschrijving in de tabel.",
    )
    forecast = forms.ChoiceField(
        label="Prognose uit het Loket",
        choices=Forecast.choices,
        required=False,
        help_text="Welke TLV's van het Loket deze regel voorspellen (de prognose staat bij de "
        "begroting).",
    )
    source = forms.ChoiceField(
        label="Bedragen",
        choices=LineSource.choices,
        required=False,
        help_text="Bij 'vangnetdeclaraties' rekent het portaal de bedragen zelf uit: u typt ze "
        "niet.",
    )

    def __init__(self, *args, sub_line: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if sub_line:  # a sub-line of a programma: its own amounts, never the vangnet's
            self.fields["source"].choices = [(LineSource.TYPED, LineSource.TYPED.label)]

    @classmethod
    def initial_of(cls, line: BudgetLine) -> dict[str, Any]:
        return {
            "title": line.title,
            "note": line.note,
            "forecast": line.forecast,
            "source": line.source,
            "revision": line.revision,
        }

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title", "note", "forecast", "source")}

    def labelled(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            ("Omschrijving", data.get("title", "")),
            ("Toelichting", data.get("note", "")),
            ("Prognose uit het Loket", Forecast(data.get("forecast") or "").label),
            ("Bedragen", LineSource(data.get("source") or "").label),
        ]


# --- A line's amounts ----------------------------------------------------------------------------


def amount_field_name(year: int) -> str:
    return f"bedrag_{year}"


class AmountsForm(RevisionMixin, forms.Form):
    """One text input per year of the version, labelled "Bedrag 2026 voor <regel>"."""

    def __init__(self, *args, line: BudgetLine, years: list[int], in_row: bool = False, **kw):
        """``in_row``: the form as the line's table row (htmx), its inputs in the year cells
        tied to the ``<form>`` in the first cell by their ``form`` attribute."""
        kw.setdefault("prefix", f"regel-{line.pk}")  # two rows open at once: distinct ids
        super().__init__(*args, **kw)
        self.line, self.years = line, list(years)
        self.form_id = f"bedragen-{line.pk}"
        tied = {"form": self.form_id} if in_row else {}
        self.fields["revision"].widget.attrs.update(tied)
        for year in self.years:
            self.fields[amount_field_name(year)] = EurosField(
                label=f"Bedrag {year} voor {line.title}",
                widget=EurosInput(attrs={"class": "budget-input", **tied}),
            )

    def mark_errors(self) -> None:
        """Fields with an error point to it (``aria-describedby``); the first takes the focus."""
        first = True
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
                if first:
                    field.widget.attrs["autofocus"] = True
                    first = False

    @classmethod
    def initial_of(cls, line: BudgetLine, amounts: dict[int, int]) -> dict[str, Any]:
        initial: dict[str, Any] = {"revision": line.revision}
        for year, amount in amounts.items():
            initial[amount_field_name(year)] = amount
        return initial

    def year_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(year, self[amount_field_name(year)]) for year in self.years]

    def amounts(self) -> dict[int, int]:
        return {year: self.cleaned_data[amount_field_name(year)] for year in self.years}

    def labelled(self) -> list[tuple[str, str]]:
        return [
            (str(year), format_euros(self.cleaned_data.get(amount_field_name(year))))
            for year in self.years
        ]


# --- The tenant's settings ---------------------------------------------------------------------

_PERCENT = re.compile(r"^\d{1,3}(?:[,.]\d{1,2})?$")


class PercentField(forms.CharField):
    """A percentage as typed in Dutch ("3,5" or "3,5%"), stored as a share (0.035)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            text = f"{(value * 100).normalize():f}"
            return text.replace(".", ",")
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").replace(" ", "").removesuffix("%")
        if not text:
            return None
        if not _PERCENT.match(text):
            raise ValidationError(
                "Vul een percentage in, bijvoorbeeld 3,5 (ten hoogste twee cijfers achter de "
                "komma)."
            )
        try:
            percent = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern excludes it
            raise ValidationError("Vul een percentage in, bijvoorbeeld 3,5.") from exc
        if percent > 100:
            raise ValidationError("Een percentage ligt tussen 0 en 100.")
        return (percent / 100).quantize(Decimal("0.0001"))


BODY_CHOICES = [(b.value, b.label) for b in ApprovalBody if b != ApprovalBody.ALV]


class SettingsForm(forms.Form):
    reserve_ceiling = EurosField(
        label="Eigen bovengrens van de reserve (€)",
        empty_value=None,
        help_text="In hele euro's, bijvoorbeeld 600.000. Leeg: geen eigen grens.",
    )
    signal_rate = PercentField(
        label="Signaleringswaarde: percentage van de totale baten (%)",
        help_text="De Inspectie vraagt om uitleg boven dit deel van de totale baten. Vul het "
        "percentage in, bijvoorbeeld 3,5.",
    )
    signal_minimum = EurosField(
        label="Signaleringswaarde: ten minste (€)",
        help_text="In hele euro's, bijvoorbeeld 250.000.",
    )
    required_bodies = forms.MultipleChoiceField(
        label="Vereiste goedkeuringen voor de vaststelling",
        choices=BODY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="De ALV stelt de begroting pas vast als deze organen positief hebben besloten.",
    )

    @classmethod
    def initial_of(cls, settings: FinanceSettings) -> dict[str, Any]:
        return {
            "reserve_ceiling": settings.reserve_ceiling,
            "signal_rate": Decimal(settings.signal_rate),
            "signal_minimum": settings.signal_minimum,
            "required_bodies": settings.bodies,
        }

    def clean_reserve_ceiling(self):
        value = self.cleaned_data["reserve_ceiling"]
        if value is not None and value < 0:
            raise ValidationError("Een bovengrens is 0 of meer.")
        return value

    def clean_signal_minimum(self):
        value = self.cleaned_data["signal_minimum"]
        if value < 0:
            raise ValidationError("Het minimum is 0 of meer.")
        return value
