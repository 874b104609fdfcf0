"""Forms of a TLV request, its questions and the Loket's settings: they validate input only;
the rules are in ``referrals.services.loket_requests``."""

from __future__ import annotations

from django import forms

from swvportal.core.forms import date_field
from swvportal.tenancy.models import School

from ..models import (
    Category,
    Cluster,
    Discipline,
    DocumentKind,
    LoketSettings,
    OppRegistration,
    TlvKind,
    TlvRequest,
)
from ..services.loket_requests import REQUEST_FIELDS, REQUIRABLE_DOCUMENTS, kind_choices
from .pupils import PupilFieldsMixin


def _choices(choices) -> list[tuple]:
    return [("", "— kies —"), *choices]


class _OppChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OppRegistration) -> str:
        set_on = f", vastgesteld {obj.set_on:%d-%m-%Y}" if obj.set_on else ""
        return f"OPP van {obj.placement_date:%d-%m-%Y}{set_on}"


class TlvRequestForm(forms.ModelForm):
    """The request's own fields. Who it is about is asked once, on creating it."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Soort aanvraag")
    cluster = forms.TypedChoiceField(
        label="Cluster (alleen bij VSO)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_choices(Cluster.choices),
    )
    requested_category = forms.ChoiceField(
        label="Gevraagde categorie (alleen bij VSO)",
        required=False,
        choices=_choices(Category.choices),
    )
    receiving_school = forms.ModelChoiceField(
        label="Beoogde school binnen het samenwerkingsverband",
        queryset=School.objects.none(),
        required=False,
        empty_label="— geen, of een school daarbuiten —",
    )
    requested_start = date_field("Gewenste ingangsdatum")
    opp = _OppChoiceField(
        label="OPP van de leerling",
        queryset=OppRegistration.objects.none(),
        required=False,
        empty_label="— geen OPP gekoppeld —",
        help_text="Een OPP van deze leerling op deze school, uit de OPP-registratie.",
    )
    parents_consent_on = date_field("Toestemming van de ouders op")
    iq_tested_on = date_field("IQ getest op")

    class Meta:
        model = TlvRequest
        fields = [f for f in REQUEST_FIELDS if f != "opp"] + ["opp"]
        widgets = {
            "integrated_picture": forms.Textarea(attrs={"rows": 6}),
            "steps_taken": forms.Textarea(attrs={"rows": 4}),
            "parents_view": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "receiving_school_name": "Alleen als de school niet bij het samenwerkingsverband "
            "hoort.",
            "integrated_picture": "Wat de leerling nodig heeft en waarom de school dat niet kan "
            "bieden. Geen naam van de leerling.",
            "parents_consent_by": "Bijvoorbeeld: moeder, vader, voogd. Geen naam.",
            "parents_view": "Of voeg de zienswijze als stuk toe aan het dossier.",
            "iq_total": "Alleen bij PrO en LWOO.",
        }

    # The groups the page shows, each a fieldset with a legend.
    fieldsets = [
        ("Wat de school vraagt", ["kind", "cluster", "requested_category", "requested_start"]),
        ("Beoogde school", ["receiving_school", "receiving_school_name"]),
        ("De leerling en wat al is gedaan", ["integrated_picture", "steps_taken", "opp"]),
        ("De ouders", ["parents_view", "parents_consent_on", "parents_consent_by"]),
        (
            "Testgegevens (alleen bij PrO en LWOO)",
            [
                "iq_total",
                "iq_test",
                "iq_tested_on",
                "dle_technical_reading",
                "dle_reading_comprehension",
                "dle_spelling",
                "dle_maths",
            ],
        ),
    ]

    def __init__(self, *args, settings: LoketSettings, tenant, opps=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _choices(kind_choices(settings))
        self.fields["receiving_school"].queryset = School.objects.filter(tenant=tenant).order_by(
            "name"
        )
        if opps is None:
            del self.fields["opp"]
        else:
            self.fields["opp"].queryset = opps
        for name in ("dle_technical_reading", "dle_reading_comprehension", "dle_spelling"):
            self.fields[name].help_text = ""
        self.fields[
            "dle_maths"
        ].help_text = "DLE: didactische leeftijdsequivalent, in maanden onderwijs (0 tot 60)."

    def grouped(self):
        """The fieldsets with their bound fields (only those the form has)."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.fieldsets
        ]


class TlvRequestCreateForm(PupilFieldsMixin, TlvRequestForm):
    """A new request: for which school and pupil, then the request itself (the OPP is linked
    once the pupil is known, when editing)."""

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, schools=schools, **kwargs)
        del self.fields["initials"]
        self.fieldsets = [
            ("Voor welke leerling", ["school", "pupil_number", "birth_year"]),
            *TlvRequestForm.fieldsets,
        ]


class SupplementAskForm(forms.Form):
    question = forms.CharField(
        label="Wat moet de school aanvullen?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="De school ziet deze vraag bij de aanvraag. De behandeltermijn staat stil tot "
        "de school antwoordt.",
    )


class SupplementAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Uw antwoord aan het Loket",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Met uw antwoord gaat de aanvraag terug naar het Loket en loopt de "
        "behandeltermijn weer.",
    )


class MoveForm(forms.Form):
    """The confirmation of a status step (the step itself is the URL's ``naar``)."""

    target = forms.CharField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- Settings -----------------------------------------------------------------------------------

_DOCUMENT_CHOICES = [(k, label) for k, label in DocumentKind.choices if k in REQUIRABLE_DOCUMENTS]
_DISCIPLINES = Discipline.choices


def _checkboxes(label: str, choices, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


_SETTINGS_GROUPS = [
    ("De aanvraag", ["lwoo_enabled", "opp_required_for_vso", "handling_weeks", "max_upload_mb"]),
    ("Volledig dossier", ["required_vso", "required_pro", "required_lwoo"]),
    (
        "Criteria PrO en LWOO (advies, geen besluit)",
        [
            "pro_iq_min",
            "pro_iq_max",
            "pro_dle_below",
            "lwoo_dle_min",
            "lwoo_dle_max",
            "criteria_min_domains",
        ],
    ),
    (
        "De deskundigen",
        [
            "first_disciplines",
            "second_disciplines",
            "first_may_work_at_school",
            "second_may_work_at_school",
            "advice_visible_before_own",
        ],
    ),
    (
        "Het besluit en bezwaar",
        [
            "duration_rule",
            "duration_years",
            "objection_committee",
            "objection_address",
            "letter_signatory",
        ],
    ),
    (
        "Aflopen, kosten en bewaren",
        [
            "expiry_notice_months",
            "charge_cluster_3_to_school",
            "charge_cluster_4_to_school",
            "retention_years",
        ],
    ),
]
# The required documents: one field per kind, saved together in ``required_documents``.
_PER_KIND = {
    "required_vso": TlvKind.VSO,
    "required_pro": TlvKind.PRO,
    "required_lwoo": TlvKind.LWOO,
}


class LoketSettingsForm(forms.ModelForm):
    """Every setting of the Loket, in groups, each with its help text."""

    required_vso = _checkboxes("Verplichte stukken bij VSO", _DOCUMENT_CHOICES)
    required_pro = _checkboxes("Verplichte stukken bij PrO", _DOCUMENT_CHOICES)
    required_lwoo = _checkboxes(
        "Verplichte stukken bij LWOO",
        _DOCUMENT_CHOICES,
        "Een OPP telt ook als het gekoppeld is; een zienswijze ook als tekst.",
    )
    first_disciplines = _checkboxes(
        "Disciplines van de eerste deskundige",
        _DISCIPLINES,
        "Landelijk gebruikelijk: orthopedagoog of psycholoog.",
    )
    second_disciplines = _checkboxes("Disciplines van de tweede deskundige", _DISCIPLINES)

    class Meta:
        model = LoketSettings
        fields = [n for _, names in _SETTINGS_GROUPS for n in names if n not in _PER_KIND]
        widgets = {"objection_address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "lwoo_enabled": "Zonder dit vinkje kunnen scholen geen LWOO aanvragen.",
            "opp_required_for_vso": "Een VSO-aanvraag kan dan pas worden ingediend met een OPP.",
            "handling_weeks": "Vanaf het indienen; de tijd dat het dossier bij de school ligt "
            "(aanvulling gevraagd) telt niet mee.",
            "max_upload_mb": "Per bestand in het dossier.",
            "criteria_min_domains": "Van technisch lezen, begrijpend lezen, spellen en "
            "inzichtelijk rekenen; een ervan is begrijpend lezen of rekenen.",
            "pro_iq_min": "Landelijk: 55.",
            "pro_iq_max": "Landelijk: 80.",
            "pro_dle_below": "Landelijk: 30 (3 jaar of meer achterstand).",
            "lwoo_dle_min": "Landelijk: 30.",
            "lwoo_dle_max": "Landelijk: 45 (1,5 tot 3 jaar achterstand).",
            "advice_visible_before_own": "Zonder dit vinkje ziet een deskundige het andere "
            "advies pas na het indienen van het eigen advies.",
            "expiry_notice_months": "De school krijgt dan een e-mail over de aflopende TLV.",
            "retention_years": "Daarna worden stukken en vrije teksten gewist; het besluit "
            "blijft zonder leerlinggegevens bewaard voor de cijfers.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = self.instance.required_documents or {}
        for name, kind in _PER_KIND.items():
            self.initial.setdefault(name, list(required.get(kind, [])))

    def grouped(self):
        return [(legend, [self[name] for name in names]) for legend, names in _SETTINGS_GROUPS]

    def settings_data(self) -> dict:
        """The cleaned data as the settings' own fields (documents per kind in one field)."""
        data = dict(self.cleaned_data)
        data["required_documents"] = {kind: data.pop(name) for name, kind in _PER_KIND.items()}
        return data
