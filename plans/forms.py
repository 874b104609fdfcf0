"""Forms validate input only; the rules live in ``plans.services``."""

from __future__ import annotations

from django import forms

from pillars.models import Goal, Pillar, Step, StepTiming
from pillars.timing import offered_years
from plans.models import (
    Abbreviation,
    ApprovalStep,
    Chapter,
    Plan,
    StrategicTask,
)
from swvportal.core.forms import date_field
from swvportal.core.schoolyear import SchoolYear, school_year_label

# Titles run to 200 characters; the browser's default of 20 cut them off in the editor.
WIDE_TITLE = forms.TextInput(attrs={"size": 80})

MARKDOWN_HINT = (
    "Opmaak met Markdown: ### Kopje, **vet**, *schuin*, - opsomming, "
    "[tekst](https://…) voor een link, [^1] voor een voetnoot."
)


class RevisionMixin(forms.Form):
    """Carries the revision the person started from, to detect a concurrent edit."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(RevisionMixin, forms.ModelForm):
    period_start = forms.TypedChoiceField(label="Eerste schooljaar", coerce=int)

    class Meta:
        model = Plan
        fields = ["title", "motto", "period_start"]
        widgets = {"title": WIDE_TITLE, "motto": WIDE_TITLE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        this_year = timezone.localdate().year
        self.fields["period_start"].choices = [
            (y.start, f"{y} (periode {y.start}–{y.start + 4})")
            for y in SchoolYear.span(this_year - 6, this_year + 4)
        ]


class ChapterForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Chapter
        fields = ["title", "numbered", "body"]
        widgets = {"title": WIDE_TITLE, "body": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"body": MARKDOWN_HINT}


class StrategicTaskForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = StrategicTask
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AbbreviationForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Abbreviation
        fields = ["abbreviation", "meaning"]


class ApprovalStepForm(RevisionMixin, forms.ModelForm):
    date = date_field("Datum", required=True)

    class Meta:
        model = ApprovalStep
        fields = ["body", "kind", "date", "outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PillarForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["title", "introduction", "ambition"]
        widgets = {
            "title": WIDE_TITLE,
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "ambition": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"introduction": MARKDOWN_HINT}


class GoalForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "closing"]
        widgets = {
            "title": WIDE_TITLE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }


class StepForm(RevisionMixin, forms.ModelForm):
    timing = forms.ChoiceField(
        label="Wanneer", choices=StepTiming.choices, widget=forms.RadioSelect
    )
    school_year = forms.TypedChoiceField(
        label="Schooljaar",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Alleen bij 'in schooljaar' en 'met ingang van'.",
    )

    class Meta:
        model = Step
        fields = ["timing", "school_year", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        # The years pillars.timing offers, around the plan period (its rule decides what fits).
        years = offered_years(
            first=plan.period_start, last=plan.school_years[-1], current=self.instance.school_year
        )
        self.fields["school_year"].choices = [("", "—")] + [
            (y, school_year_label(y)) for y in years
        ]


FORMS: dict[str, type[forms.ModelForm]] = {
    "hoofdstuk": ChapterForm,
    "opgave": StrategicTaskForm,
    "afkorting": AbbreviationForm,
    "goedkeuring": ApprovalStepForm,
    "pijler": PillarForm,
    "doel": GoalForm,
    "stap": StepForm,
}


def form_for(kind: str, plan: Plan, **kwargs) -> forms.ModelForm:
    form_class = FORMS[kind]
    if form_class is StepForm:
        kwargs["plan"] = plan
    return form_class(**kwargs)
