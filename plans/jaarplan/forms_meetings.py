"""Forms of the bijeenkomsten: a series and one meeting. They validate input only; the rules
(unique name, the school year of the dates, no held date in the future) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join

from swvportal.core.forms import date_field
from swvportal.core.schoolyear import SchoolYear

from ..models import Meeting, MeetingSeries, SeriesIndicator
from .meeting_services import MAX_PER_YEAR

# What each choice of "telt mee voor" does on the dashboard (Bijlage 4, pijler 2).
INDICATOR_HELP = {
    SeriesIndicator.NONE: "Deze bijeenkomsten tellen niet mee op het dashboard.",
    SeriesIndicator.NETWORK: (
        "De gehouden bijeenkomsten tellen mee voor de dashboardregel 'Aantal bijeenkomsten per "
        "netwerk' (norm: minimaal 2 per jaar). Het dashboard toont het laagste aantal van alle "
        "netwerkgroepen, en per netwerkgroep hoe vaak zij bijeenkwam."
    ),
    SeriesIndicator.BERSEBA: (
        "De gehouden bijeenkomsten tellen mee voor de dashboardregel 'Aantal structurele "
        "overleggen' met Berséba (norm: minimaal 2 per jaar)."
    ),
}
INDICATOR_CHOICES = [
    (SeriesIndicator.NONE.value, "Geen dashboardregel"),
    (SeriesIndicator.NETWORK.value, "Netwerkgroep: Aantal bijeenkomsten per netwerk"),
    (SeriesIndicator.BERSEBA.value, "Overleg met Berséba: Aantal structurele overleggen"),
]


def indicator_help() -> str:
    """The field's help text: one line per choice, so a reader knows which row a series feeds."""
    lines = format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        ((label, INDICATOR_HELP[value]) for value, label in INDICATOR_CHOICES),
    )
    return format_html(
        "Telt deze reeks mee voor een regel van het dashboard (Bijlage 4)? Alleen gehouden "
        "bijeenkomsten van een actieve reeks tellen, over de 12 maanden tot de peildatum."
        "<ul>{}</ul>",
        lines,
    )


class SeriesForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    planned_per_year = forms.IntegerField(
        label="Aantal per schooljaar (gepland)",
        min_value=1,
        max_value=MAX_PER_YEAR,
        help_text="Bijvoorbeeld 2 voor 'twee keer per jaar'.",
        error_messages={
            "required": "Vul in hoe vaak de reeks per schooljaar bijeenkomt.",
            "invalid": "Vul een heel getal in, bijvoorbeeld 4.",
            "min_value": "Vul minstens 1 in.",
            "max_value": f"Vul hoogstens {MAX_PER_YEAR} in.",
        },
    )
    indicator = forms.ChoiceField(
        label="Telt mee voor",
        choices=INDICATOR_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = MeetingSeries
        fields = ["name", "group", "planned_per_year", "indicator", "note", "is_active"]
        labels = {
            "name": "Naam",
            "group": "Voor wie",
            "note": "Toelichting",
            "is_active": "Actief (tonen in het overzicht per schooljaar)",
        }
        help_texts = {
            "name": "Bijvoorbeeld: Netwerk zorgcoördinatoren.",
            "group": "Bijvoorbeeld: zorgcoördinatoren VO en intern begeleiders VSO.",
            "note": "Waarvoor de reeks is, wie haar voorzit, waar zij bijeenkomt (niet verplicht).",
            "is_active": (
                "Zet dit uit voor een reeks die niet meer bijeenkomt: zij blijft bewaard met haar "
                "bijeenkomsten, maar staat niet meer in het overzicht en telt niet meer mee op "
                "het dashboard."
            ),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "Geef de reeks een naam."}}

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].help_text = indicator_help()
        if creating:  # a new series is active; switching it off is an edit
            del self.fields["is_active"]

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


def school_year_choices(around: int, *, width: int = 3) -> list[tuple[str, str]]:
    years = SchoolYear.span(around - width, around + width)
    return [("", "Kies een schooljaar"), *((str(y.start), y.label) for y in years)]


class MeetingForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    planned_on = date_field(
        "Gepland op", help_text="De datum waarop de bijeenkomst is gepland (niet verplicht)."
    )
    held_on = date_field(
        "Gehouden op",
        help_text="Vul dit in na afloop: zo legt u vast dat de bijeenkomst is gehouden.",
    )
    school_year = forms.TypedChoiceField(
        label="Schooljaar",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Alleen nodig zolang er nog geen datum is. Met een datum volgt het "
        "schooljaar uit die datum.",
    )
    theme = forms.CharField(
        label="Thema",
        max_length=Meeting._meta.get_field("theme").max_length,
        required=False,
        help_text="Bijvoorbeeld: hoogbegaafdheid in de onderbouw.",
    )
    report = forms.CharField(
        label="Kort verslag",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat er is besproken en afgesproken, in een paar zinnen (na afloop).",
    )

    def __init__(self, *args, around: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = school_year_choices(around)

    def data_for_service(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("planned_on", "held_on", "theme", "report")}
        data["school_year"] = self.cleaned_data.get("school_year")
        return data

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        return {
            "revision": meeting.revision,
            "planned_on": meeting.planned_on,
            "held_on": meeting.held_on,
            "school_year": meeting.school_year,
            "theme": meeting.theme,
            "report": meeting.report,
        }
