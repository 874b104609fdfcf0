"""Forms of the Loket's meetings and decisions: input only; the rules are in
``referrals.services.loket_decisions``."""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field

from ..models.loket import AgendaOutcome, Category, Cluster, DecisionOutcome, LoketMeeting


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.user.get_full_name() or obj.user.email
        return f"{name} ({obj.get_role_display().lower()})"


class MeetingForm(forms.ModelForm):
    held_on = date_field("Datum", required=True)
    members_present = MemberChoiceField(
        label="Aanwezige leden",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leden van het Loket en de deskundigen van dit samenwerkingsverband.",
    )

    class Meta:
        model = LoketMeeting
        fields = ["held_on", "location", "members_present", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "location": "Bijvoorbeeld het kantoor van het samenwerkingsverband, of online."
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = members


class AgendaAddForm(forms.Form):
    request = forms.ModelChoiceField(label="Aanvraag", queryset=None)

    def __init__(self, *args, requests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests


class AgendaMoveForm(forms.Form):
    richting = forms.ChoiceField(choices=[("omhoog", "Omhoog"), ("omlaag", "Omlaag")])


class AgendaItemForm(forms.Form):
    discussion = forms.CharField(
        label="Bespreking",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Wat het Loket besprak. Geen naam van de leerling.",
    )
    outcome = forms.ChoiceField(label="Uitkomst", required=False)

    def __init__(self, *args, decided: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if decided:
            self.fields["outcome"].choices = [(AgendaOutcome.DECIDED, AgendaOutcome.DECIDED.label)]
        else:
            self.fields["outcome"].choices = [
                ("", "Nog geen uitkomst"),
                (AgendaOutcome.POSTPONED, AgendaOutcome.POSTPONED.label),
                (AgendaOutcome.SUPPLEMENT, AgendaOutcome.SUPPLEMENT.label),
            ]


class DecisionForm(forms.Form):
    """The decision (or its correction). Which fields a grant needs is the service's rule."""

    outcome = forms.ChoiceField(
        label="Besluit", choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    cluster = forms.TypedChoiceField(
        label="Cluster (bij VSO)",
        choices=[("", "— kies —"), *Cluster.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    category = forms.ChoiceField(
        label="Bekostigingscategorie (bij VSO)",
        choices=[("", "— kies —"), *Category.choices],
        required=False,
    )
    start_date = date_field("Ingangsdatum")
    end_date = date_field(
        "Einddatum",
        help_text="Leeg laten: de einddatum volgt uit de looptijdregel van het Loket "
        "(ten minste een jaar).",
    )
    receiving_school = forms.ModelChoiceField(
        label="Ontvangende school (binnen het samenwerkingsverband)",
        queryset=None,
        required=False,
        empty_label="— geen: school buiten het samenwerkingsverband —",
    )
    receiving_school_name = forms.CharField(
        label="Ontvangende school (buiten het samenwerkingsverband)",
        max_length=200,
        required=False,
        help_text="Alleen als de school niet in de lijst hierboven staat.",
    )
    reasoning = forms.CharField(
        label="Motivering",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Waarom het Loket zo besluit. Neem de belangrijkste punten uit beide adviezen "
        "over. Deze tekst staat in de besluitbrief.",
        error_messages={
            "required": "Schrijf de motivering: waarom het Loket zo besluit, met de "
            "belangrijkste punten uit beide adviezen."
        },
    )
    decided_on = date_field("Datum van het besluit", required=True)
    confirm = forms.BooleanField(
        label="Ik heb het besluit gecontroleerd. Een besluit wordt daarna niet meer gewijzigd; "
        "een fout herstelt u met een correctie (een nieuw besluit).",
        error_messages={"required": "Bevestig dat u het besluit hebt gecontroleerd."},
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_school"].queryset = schools


class MarkSentForm(forms.Form):
    sent_on = date_field("Verzonden op", required=True)


class LetterNameForm(forms.Form):
    """The pupil's name, typed by the school for one download: never stored."""

    pupil_name = forms.CharField(
        label="Naam van de leerling (alleen voor deze download)",
        max_length=120,
        help_text="De naam komt alleen in dit ene bestand. Het portaal bewaart hem niet.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
