"""Forms validate input only; the rules live in ``referrals.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from swvportal.core.forms import date_field

from ..models import AbsenceRegistration, OppRegistration, Outcome, Partner, SchoolConversation


class PupilFieldsMixin(forms.Form):
    """Who the record is about: the school's own pupil number, never a name."""

    school = forms.ModelChoiceField(label="School", queryset=None, empty_label=None)
    pupil_number = forms.CharField(
        label="Leerlingnummer van de school",
        max_length=40,
        help_text="Het nummer uit de leerlingadministratie. Geen naam en geen BSN.",
    )
    # The bounds are the service's (``pupil_for``: 3 to 25 years old), with its message; the
    # attributes only help the browser's number field. So a page and a file say the same.
    birth_year = forms.IntegerField(
        label="Geboortejaar (jjjj)", widget=forms.NumberInput(attrs={"min": 1990, "max": 2100})
    )
    initials = forms.CharField(label="Initialen (optioneel)", max_length=10, required=False)

    def __init__(self, *args, schools=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Who it is about first, then what happened.
        self.order_fields(["school", "pupil_number", "birth_year", "initials"])
        for name in ("kind", "reason_category", "heard_how"):
            if name in self.fields:
                self.fields[name].choices = [("", "— kies —"), *self.fields[name].choices[1:]]
        if editing:
            for name in ("school", "pupil_number", "birth_year", "initials"):
                del self.fields[name]
        else:
            self._offer(schools)

    def _offer(self, schools) -> None:
        """Preselect a school only when it is the member's only one: with several, a
        preselected first school is too easily saved for the wrong school."""
        field = self.fields["school"]
        field.queryset = schools
        only = list(schools[:2])
        if len(only) == 1:
            self.initial.setdefault("school", only[0].pk)
        else:
            field.empty_label = "Kies een school"


class AbsenceForm(PupilFieldsMixin, forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_date = date_field("Begindatum", required=True)
    last_contact_date = date_field("Laatste contact")
    partners = forms.MultipleChoiceField(
        label="Betrokken partners",
        required=False,
        choices=Partner.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AbsenceRegistration
        fields = [
            "kind",
            "legal_ground",
            "start_date",
            "reason_category",
            "partners",
            "plan",
            "last_contact_date",
        ]
        widgets = {"plan": forms.Textarea(attrs={"rows": 4})}


class AbsenceImportForm(AbsenceForm):
    """A row of a thuiszitters file: the page's form, plus the end and outcome that the page
    asks for on closing (whether both are needed is the service's rule)."""

    end_date = date_field("Einddatum")
    outcome = forms.ChoiceField(
        label="Uitkomst", required=False, choices=[("", "— kies —"), *Outcome.choices]
    )


class AbsenceCloseForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    end_date = date_field("Einddatum", required=True)
    outcome = forms.ChoiceField(
        label="Uitkomst: waar gaat de leerling naartoe?",
        choices=[("", "— kies —"), *Outcome.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


class OppForm(PupilFieldsMixin, forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    placement_date = date_field("Datum plaatsing", required=True)
    set_on = date_field("OPP vastgesteld op")
    parents_consent_on = date_field("Instemming ouders met het handelingsdeel")
    heard_on = date_field("Leerling gehoord op")
    signed_on = date_field("Ondertekend door de leerling op")
    evaluation_due = date_field("Evaluatie gepland op")
    evaluated_on = date_field("Geëvalueerd op")

    class Meta:
        model = OppRegistration
        fields = [
            "placement_date",
            "set_on",
            "parents_consent_on",
            "heard_on",
            "heard_how",
            "pupil_view",
            "signed_on",
            "evaluation_due",
            "evaluated_on",
        ]
        widgets = {"pupil_view": forms.Textarea(attrs={"rows": 3})}


class SettingsForm(forms.Form):
    required_fields = forms.MultipleChoiceField(
        label="Velden die ingevuld moeten zijn voor een volledige registratie",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("reason_category", "Reden"),
            ("partners", "Betrokken partners"),
            ("plan", "Plan van aanpak"),
            ("last_contact_date", "Laatste contact"),
        ],
        help_text="Een afgesloten registratie heeft altijd een uitkomst nodig, een vrijstelling "
        "altijd haar wettelijke grond.",
    )
    retention_years = forms.IntegerField(
        label="Bewaartermijn (jaren na afsluiten)",
        min_value=1,
        max_value=10,
        help_text="Daarna worden registraties geanonimiseerd. Ze tellen mee in oude cijfers.",
    )


class ConversationForm(forms.ModelForm):
    held_on = date_field("Datum", required=True)

    class Meta:
        model = SchoolConversation
        fields = ["held_on", "participants", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
