"""Forms of the begroting's life cycle (part "status"): a step of the approval trail, the ALV's
vaststelling, a new version and the choice of two versions to compare. They validate input
only; the rules are in ``services`` and ``workflow``, whose Dutch messages the views put at the
fields (``errors_into``).

A date of a decision may not lie in the future: a step is recorded after the body decided.
"""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field

from .models import BegrotingApproval
from .services import MAX_YEARS, approval_problems, not_in_the_future

EMPTY_CHOICES = {
    "body": "Kies het orgaan",
    "kind": "Kies de soort besluit",
    "outcome": "Kies de uitkomst",
}


class ApprovalForm(forms.ModelForm):
    date = date_field("Datum van het besluit", required=True, validators=[not_in_the_future])

    class Meta:
        model = BegrotingApproval
        fields = ["body", "kind", "date", "outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "body": {"required": "Kies het orgaan dat heeft besloten."},
            "kind": {"required": "Kies de soort besluit: advies, goedkeuring of instemming."},
            "outcome": {"required": "Kies de uitkomst van het besluit."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, empty in EMPTY_CHOICES.items():
            field = self.fields[name]
            field.choices = [("", empty), *[c for c in field.choices if c[0]]]

    def clean(self) -> dict:
        data = super().clean()
        for field, problem in approval_problems(data).items():  # the service's own rules
            self.add_error(field, problem)
        return data


class AdoptForm(forms.Form):
    date = date_field(
        "Datum van de ALV",
        required=True,
        validators=[not_in_the_future],
        error_messages={"required": "Vul de datum van de algemene ledenvergadering in."},
    )
    note = forms.CharField(
        label="Toelichting (niet verplicht)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Komt in het goedkeuringstraject bij de vaststelling door de ALV.",
    )


YEAR_ERRORS = {
    "required": "Vul een jaar in, bijvoorbeeld 2026.",
    "invalid": "Vul een jaar in met vier cijfers, bijvoorbeeld 2026.",
    "min_value": "Vul een jaar in vanaf 2000.",
    "max_value": "Vul een jaar in tot en met 2099.",
}


class NewVersionForm(forms.Form):
    first_year = forms.IntegerField(
        label="Eerste kalenderjaar", min_value=2000, max_value=2099, error_messages=YEAR_ERRORS
    )
    last_year = forms.IntegerField(
        label="Laatste kalenderjaar", min_value=2000, max_value=2099, error_messages=YEAR_ERRORS
    )

    def clean(self) -> dict:
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


class CompareForm(forms.Form):
    """Which two versions (ids of the versions this member may read) and whether to show only
    the lines that differ."""

    oud = forms.TypedChoiceField(label="Oude versie", coerce=int)
    nieuw = forms.TypedChoiceField(label="Nieuwe versie", coerce=int)
    verschillen = forms.BooleanField(label="Alleen regels die verschillen", required=False)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.pk, version_label(v)) for v in versions]
        self.fields["oud"].choices = choices
        self.fields["nieuw"].choices = choices
        for name in ("oud", "nieuw"):
            self.fields[name].error_messages["invalid_choice"] = "Kies een versie uit de lijst."


def version_label(begroting) -> str:
    return (
        f"Versie {begroting.version}: {begroting.first_year}–{begroting.last_year} "
        f"({begroting.get_status_display().lower()})"
    )
