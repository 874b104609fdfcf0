"""Forms of the jaarplan's life cycle: generating, the approval trail, progress, evaluation and
the settings. They validate input only; the rules are in ``services``, ``generate`` and
``jaarplan_rules``, whose Dutch messages the views put at the fields (``errors_into``)."""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field
from swvportal.core.versioning import ApprovalBody

from ..jaarplan_rules import due_label
from ..models import ActivityStatus, Evaluation, JaarplanApproval


class RevisionForm(forms.Form):
    """The revision the person started from, so a concurrent save is noticed."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CarryChoiceField(forms.ModelMultipleChoiceField):
    """Last year's open activities, each a checkbox labelled with what it is and where it stood."""

    def label_from_instance(self, activity) -> str:
        point = activity.improvement
        where = f"{point.goal_number}{point.step_letter}" if point.goal_number else "Aanvullend"
        parts = [f"{where}: {activity.result}", activity.get_status_display().lower()]
        if activity.due_date:
            parts.append(f"gereed {due_label(activity.due_date, activity.due_is_month)}")
        if activity.who:
            parts.append(activity.who)
        return " · ".join(parts)


class GenerateForm(forms.Form):
    """The school year (chosen on the page above, carried as a hidden field) and the activities
    of last year to take along: none ticked unless the person ticks them."""

    schooljaar = forms.ChoiceField(widget=forms.HiddenInput)
    carry = CarryChoiceField(
        label="Activiteiten van vorig jaar overnemen",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Een gekozen activiteit kan niet (meer) worden overgenomen. "
            "Kijk de lijst opnieuw na."
        },
    )

    def __init__(self, *args, years: list[str], candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schooljaar"].choices = [(y, y) for y in years]
        self.fields["carry"].queryset = candidates


class ApprovalForm(forms.ModelForm):
    date = date_field("Datum", required=True)

    class Meta:
        model = JaarplanApproval
        fields = ["body", "kind", "date", "outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ProgressForm(RevisionForm):
    status = forms.ChoiceField(
        label="Status",
        choices=ActivityStatus.choices,
        error_messages={"required": "Kies een status.", "invalid_choice": "Kies een status."},
    )
    explanation = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij 'vertraagd' (waarom, en wat de nieuwe verwachting is) en bij "
        "'vervallen' (waarom).",
    )
    note = forms.CharField(
        label="Wat is er gebeurd?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Een korte notitie over de voortgang. Die komt in de geschiedenis hieronder.",
    )


EVALUATION_NEEDED = "Kies of het beoogde resultaat behaald, deels of niet behaald is."


class EvaluationForm(RevisionForm):
    evaluation = forms.ChoiceField(
        label="Is het beoogde resultaat behaald?",
        choices=Evaluation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": EVALUATION_NEEDED, "invalid_choice": EVALUATION_NEEDED},
    )
    evaluation_text = forms.CharField(
        label="Hoe is het gegaan? (één zin)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SettingsForm(forms.Form):
    required_bodies = forms.MultipleChoiceField(
        label="Wie moet positief hebben besloten voordat de bestuurder vaststelt?",
        choices=ApprovalBody.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Het besluit staat als stap in het goedkeuringstraject van de versie die u "
        "vaststelt. Niets aangevinkt: de bestuurder stelt vast zonder voorafgaand besluit.",
    )
    weekly_digest = forms.BooleanField(
        label="Wekelijkse e-mail aan de verantwoordelijken",
        required=False,
        help_text="Elke maandag krijgt ieder lid met activiteiten die te laat zijn of binnen twee "
        "weken klaar moeten een overzicht. Leden kunnen dit zelf uitzetten.",
    )
