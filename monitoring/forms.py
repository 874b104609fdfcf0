"""Forms validate input only; the rules live in ``monitoring.services``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from swvportal.core.calculations import CALCULATIONS
from swvportal.core.forms import DATE_MIN, date_field

from .models import AnswerKind, Indicator, Unit
from .norms import NormKind
from .services import NOTE_MAX_LENGTH, UNIT_ANSWERS

NORM_KIND_LABELS = [
    (NormKind.PERCENTAGE.value, "Percentage: minimaal X% (eventueel vanaf een schooljaar)"),
    (NormKind.TREND.value, "Trend: dalend of stijgend"),
    (NormKind.MILESTONE.value, "Mijlpaal: 'ja' uiterlijk in een schooljaar"),
    (NormKind.COUNT.value, "Aantal: minimaal N, of tussen N en M"),
    (NormKind.SCORE.value, "Score: minimaal S op een schaal van 1 tot 10"),
    (NormKind.INSIGHT.value, "Inzicht: een beschrijving, geen getal"),
]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "pillar_number",
            "group",
            "text",
            "norm_text",
            "norm_kind",
            "norm_minimum",
            "norm_maximum",
            "norm_direction",
            "norm_target_year",
            "frequency",
            "source",
            "calculation",
            "answer_kind",
            "unit",
            "note",
            "is_active",
            "in_plan",
        ]
        labels = {
            "pillar_number": "Pijler (nummer)",
            "norm_target_year": "Vanaf schooljaar (het eerste jaar, bijvoorbeeld 2027)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm_kind"].choices = NORM_KIND_LABELS
        self.fields["calculation"] = forms.ChoiceField(
            label="Berekening (alleen bij bron 'berekend')",
            required=False,
            choices=[("", "— geen —")] + [(c.name, c.label) for c in CALCULATIONS.values()],
        )
        directions = list(self.fields["norm_direction"].choices)[1:]
        self.fields["norm_direction"].choices = [("", "— geen —"), *directions]


def initial_value(kind: str, value: Decimal | None) -> str | None:
    """A stored answer as its form field shows it: "1" for ja, "7.3" rather than "7.30"."""
    if value is None:
        return None
    if kind == AnswerKind.YES_NO:
        return "1" if value >= 1 else "0"
    return format(value.normalize(), "f")


def answer_field(kind: str, label: str, help_text: str) -> forms.Field:
    if kind == AnswerKind.YES_NO:
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=[("1", "Ja"), ("0", "Nee")],
            coerce=Decimal,
            widget=forms.RadioSelect,
        )
    bounds = {
        AnswerKind.NUMBER: (0, None, 0),
        AnswerKind.SCORE: (1, 10, 1),
        AnswerKind.PERCENT: (0, 100, 1),
    }[kind]
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=bounds[0],
        max_value=bounds[1],
        decimal_places=bounds[2],
    )


class SchoolReportForm(forms.Form):
    """One field per school indicator (``indicator_<id>``) and a note for each."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"indicator_{indicator.pk}"] = answer_field(
                indicator.answer_kind, indicator.text, f"Norm: {indicator.norm_text}"
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label="Toelichting (optioneel)",
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[Decimal | None, str]]:
        data = self.cleaned_data
        return {
            i.pk: (data.get(f"indicator_{i.pk}"), data.get(f"note_{i.pk}", ""))
            for i in self.indicators
        }


class SwvEntryForm(forms.Form):
    """The SWV's own figures for a school year; a row left empty is not saved."""

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            name = f"indicator_{indicator.pk}"
            if indicator.unit == Unit.TEXT:
                self.fields[name] = forms.CharField(
                    label=indicator.text,
                    help_text=f"Norm: {indicator.norm_text}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                field = answer_field(
                    UNIT_ANSWERS[indicator.unit], indicator.text, f"Norm: {indicator.norm_text}"
                )
                field.required = False
                if isinstance(field, forms.TypedChoiceField):
                    field.choices = [("", "Nog niet bekend"), *field.choices]
                    field.empty_value = None
                self.fields[name] = field

    def entries(self) -> dict[int, tuple[Decimal | None, str]]:
        entries = {}
        for indicator in self.indicators:
            raw = self.cleaned_data.get(f"indicator_{indicator.pk}")
            if indicator.unit == Unit.TEXT:
                entries[indicator.pk] = (None, raw or "")
            else:
                entries[indicator.pk] = (raw, "")
        return entries


class PeildataForm(forms.Form):
    peildata_twice = forms.CharField(
        label="Peildata bij '2x per jaar' (dag-maand)",
        help_text="Twee datums, bijvoorbeeld 1-10, 1-3.",
        max_length=40,
    )
    peildata_yearly = forms.CharField(
        label="Peildatum bij 'jaarlijks' (dag-maand)",
        help_text="Eén datum, bijvoorbeeld 1-10. Tweejaarlijkse en eenmalige indicatoren volgen "
        "deze datum ook.",
        max_length=20,
    )

    @staticmethod
    def initial_from(settings) -> dict[str, str]:
        def show(days) -> str:
            return ", ".join(f"{day}-{month}" for month, day in days)

        return {
            "peildata_twice": show(settings.peildata_twice),
            "peildata_yearly": show(settings.peildata_yearly),
        }


# The portal's first day (swvportal.core.forms.DATE_MIN): an earlier date is a typing error, and
# far ones (0001-01-01) would not even survive the date arithmetic of the selectors.
EARLIEST_PEILDATUM = DATE_MIN
BAD_PEILDATUM = (
    "Deze peildatum kan niet: kies een datum van 1 januari 2000 tot en met vandaag "
    "(jjjj-mm-dd, bijvoorbeeld 2026-10-01)."
)


class PeildatumForm(forms.Form):
    """The ``?peildatum=`` of the dashboard, its export and the indicator page."""

    peildatum = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], error_messages={"invalid": BAD_PEILDATUM}
    )

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_peildatum(self) -> datetime.date | None:
        day = self.cleaned_data["peildatum"]
        if day is not None and not EARLIEST_PEILDATUM <= day <= self.today:
            raise ValidationError(BAD_PEILDATUM)
        return day


class MonitoringReportForm(forms.Form):
    """ "Rapportage als PDF" on the dashboard (moved here from ``swvportal.documents``)."""

    peildatum = date_field(
        "Peildatum",
        required=True,
        error_messages={
            "required": "Kies een peildatum.",
            "invalid": "Kies een geldige peildatum (dd-mm-jjjj).",
        },
    )
