"""Forms of the kwaliteitskalender. They read what a person types (dates, a school year);
whether the rule as a whole holds is ``calendar_services.item_problems``, also for callers that
use no form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from swvportal.core.forms import date_field
from swvportal.core.schoolyear import SchoolYear, school_year_label

from ..calendar_rules import PLANNED, TIMES_A_YEAR
from ..models import CalendarCategory, CalendarItem, CalendarLink, Frequency
from . import calendar_services

MONTH_CHOICES = [("", "—"), *((str(i), name) for i, name in enumerate(calendar_services.MONTHS, 1))]


class CalendarItemForm(forms.Form):
    fieldsets = [
        ("Wat", ["category", "title"]),
        ("Wanneer", ["frequency", "due_day", "due_month", "anchor_year", "dates"]),
        ("Wie en vaststelling", ["owner", "adopted_by"]),
        ("Verder", ["note", "link", "is_active"]),
    ]

    category = forms.ChoiceField(label="Categorie", choices=CalendarCategory.choices)
    title = forms.CharField(
        label="Onderwerp",
        max_length=200,
        error_messages={"required": "Vul het onderwerp in, bijvoorbeeld ‘Jaarverslag’."},
    )
    frequency = forms.ChoiceField(
        label="Hoe vaak",
        choices=Frequency.choices,
        help_text="Jaarlijks, om de twee of vier jaar vóór een datum; een aantal keer per jaar "
        "op vaste dagen; of volgens een planning met eigen data.",
    )
    due_day = forms.IntegerField(
        label="Vóór dag",
        required=False,
        min_value=1,
        max_value=31,
        help_text="Bij jaarlijks en om de twee of vier jaar: de dag, bijvoorbeeld 1 voor "
        "‘vóór 1 juli’. Laat dag en maand leeg voor ‘vóór 1 augustus’ (het einde van het "
        "schooljaar).",
    )
    due_month = forms.TypedChoiceField(
        label="Vóór maand",
        required=False,
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
    )
    anchor_year = forms.CharField(
        label="Schooljaar waarin het valt (bijvoorbeeld 2025-2026)",
        required=False,
        max_length=9,
        help_text="Alleen bij om de twee of vier jaar: één schooljaar waarin het valt. De "
        "andere jaren volgen daaruit.",
    )
    dates = forms.CharField(
        label="Data",
        required=False,
        max_length=1000,
        help_text="Bij een aantal keer per jaar: dag-maand met komma's ertussen, bijvoorbeeld "
        "1-11, 1-3, 1-7. Bij volgens planning: dag-maand-jaar, bijvoorbeeld 15-3-2027, 1-6-2027.",
    )
    owner = forms.CharField(label="Wie", max_length=300, required=False)
    adopted_by = forms.CharField(label="Vaststelling door", max_length=300, required=False)
    note = forms.CharField(
        label="Opmerking", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    link = forms.ChoiceField(
        label="Vinkt zichzelf af bij",
        required=False,
        choices=CalendarLink.choices,
        help_text="Het portaal vinkt de datum zelf af als dit in dat schooljaar gebeurde.",
    )
    is_active = forms.BooleanField(
        label="Actief (staat in de kwaliteitskalender)", required=False, initial=True
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_item(cls, item: CalendarItem, data=None) -> CalendarItemForm:
        initial = {name: getattr(item, name) for name in calendar_services.ITEM_FIELDS}
        initial["anchor_year"] = school_year_label(item.anchor_year)
        initial["dates"] = calendar_services.format_dates(item.frequency, item.dates)
        initial["revision"] = item.revision
        return cls(data, initial=initial)

    def grouped(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_anchor_year(self) -> int | None:
        text = self.cleaned_data["anchor_year"].strip()
        if not text:
            return None
        return SchoolYear.parse(text).start  # its Dutch message: "Schrijf een schooljaar als …"

    def clean(self) -> dict:
        data = super().clean()
        frequency = data.get("frequency")
        if "dates" in data:
            try:
                data["dates"] = self._dates(frequency, data["dates"])
            except ValidationError as exc:
                self.add_error("dates", exc)
        if frequency:
            rule = calendar_services.normalise_item(data)
            for field, problem in calendar_services.item_problems(rule).items():
                if field not in self.errors:  # one message per field: the first says enough
                    self.add_error(field, problem)
        return data

    @staticmethod
    def _dates(frequency: str | None, text: str) -> list:
        if frequency == TIMES_A_YEAR:
            return calendar_services.parse_month_days(text)
        if frequency == PLANNED:
            return calendar_services.parse_planned_dates(text)
        return []

    def item_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in calendar_services.ITEM_FIELDS}


class OccurrenceDoneForm(forms.Form):
    due_date = forms.DateField(
        label="Welke datum",
        input_formats=["%Y-%m-%d"],
        widget=forms.Select,
        error_messages={"required": "Kies de datum die u afvinkt."},
    )
    done_on = date_field("Gedaan op", required=True)
    note = forms.CharField(label="Opmerking", max_length=300, required=False)
    document = forms.ModelChoiceField(
        label="Document",
        required=False,
        queryset=None,
        empty_label="Geen document",
        help_text="Een document dat het portaal uitgaf, bijvoorbeeld de PDF van het "
        "ondersteuningsplan.",
    )

    def __init__(self, *args, due_choices, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].widget.choices = due_choices
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = lambda d: (
            f"{d.title} ({d.created_at:%d-%m-%Y})"
        )
