"""Forms of the deskundigen and their advices: they validate input only; the rules (who may be
assigned, what a signed advice needs) live in ``referrals.services.loket_advice``."""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field

from ..models.loket import AdviceConclusion, Category, Deskundige, Discipline


class DeskundigeForm(forms.ModelForm):
    schools = forms.ModelMultipleChoiceField(
        label="Werkt op deze scholen",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "De scholen van het samenwerkingsverband waar deze deskundige werkt. Het Loket kan "
            "de deskundige dan (afhankelijk van de instellingen) niet kiezen voor een aanvraag "
            "van die school."
        ),
    )

    class Meta:
        model = Deskundige
        fields = ["discipline", "discipline_other", "registration", "schools", "active"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools
        self.fields["discipline"].choices = [("", "— kies —"), *Discipline.choices]
        self.fields["discipline_other"].label = "Andere discipline"
        self.fields["registration"].help_text = "Bijvoorbeeld een BIG-, NIP- of NVO-nummer."


class DeskundigeCreateForm(DeskundigeForm):
    membership = forms.ModelChoiceField(
        label="Lid met de rol Deskundige",
        queryset=None,
        empty_label="Kies een lid",
        help_text="Alleen leden met de rol Deskundige die nog geen gegevens als deskundige hebben.",
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = candidates
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.get_full_name()} ({m.user.email})" if m.user.get_full_name() else m.user.email
        )
        self.order_fields(["membership"])


class _DeskundigeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Deskundige) -> str:
        schools = ", ".join(s.name for s in obj.schools.all())
        label = f"{obj.name} ({obj.discipline_label})"
        if schools:
            label += f", werkt op {schools}"
        if not obj.active:
            label += " (niet meer beschikbaar)"
        return label


class AssignForm(forms.Form):
    first = _DeskundigeChoice(
        label="Eerste deskundige", queryset=None, required=False, empty_label="Nog niemand"
    )
    second = _DeskundigeChoice(
        label="Tweede deskundige", queryset=None, required=False, empty_label="Nog niemand"
    )
    # Set by the confirmation step: the Loket has seen who is replaced.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, deskundigen=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = deskundigen

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("first") and not data.get("second"):
            raise forms.ValidationError("Kies ten minste één deskundige.")
        return data


class AdviceForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    declare_no_involvement = forms.BooleanField(
        label="Ik verklaar dat ik niet bij deze leerling betrokken ben of ben geweest",
        required=False,
        help_text=(
            "Bijvoorbeeld niet als behandelaar, begeleider of docent. De datum wordt vastgelegd."
        ),
    )
    conclusion = forms.ChoiceField(
        label="Conclusie",
        choices=[("", "— kies —"), *AdviceConclusion.choices],
        required=False,
    )
    advised_category = forms.ChoiceField(
        label="Geadviseerde categorie",
        choices=[("", "— kies —"), *Category.choices],
        required=False,
        help_text="Bij de conclusie 'toelaatbaar': de bekostigingscategorie die u adviseert.",
    )
    reasoning = forms.CharField(
        label="Onderbouwing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Waarop u uw advies baseert. Noem de leerling niet bij naam.",
    )
    advised_on = date_field("Datum van het advies")
    personal = forms.BooleanField(
        label="Dit is mijn eigen advies, niet een gezamenlijk advies van een commissie",
        required=True,
        error_messages={
            "required": "Bevestig dat dit uw eigen advies is. Een gezamenlijk advies van een "
            "commissie telt niet als een van de twee adviezen."
        },
    )

    def __init__(self, *args, for_vso: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_vso:
            del self.fields["advised_category"]
