"""Forms of part "reports": the realisation upload and the bestuurder's own prognosis. They check
input only; the rules are in ``finance.reports``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from swvportal.core.imports import ImportFileError

from . import rules
from .models import Begroting, Period
from .reports import MAX_FILE_BYTES, XLSX_CONTENT_TYPE, read_realisation_file


class RealisationUploadForm(forms.Form):
    begroting = forms.ModelChoiceField(
        label="Begroting (vastgestelde versie)",
        queryset=Begroting.objects.none(),
        empty_label=None,
        help_text="De regels van deze versie krijgen de cijfers.",
    )
    year = forms.TypedChoiceField(label="Kalenderjaar", coerce=int, choices=())
    period = forms.ChoiceField(
        label="Periode",
        choices=Period.choices,
        help_text="Gerealiseerd vanaf 1 januari tot en met het einde van de periode.",
    )
    file = forms.FileField(
        label="Excel-bestand (.xlsx)",
        help_text=f"Hoogstens {MAX_FILE_BYTES // 2**20} MB. Met de kolommen Regel en "
        "Gerealiseerd (zie het sjabloon).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def __init__(self, *args, versions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        versions = list(versions)
        self.fields["begroting"].queryset = Begroting.objects.filter(
            pk__in=[v.pk for v in versions]
        ).order_by("-adopted_on", "-version_major", "-version_minor", "-pk")
        self.fields["begroting"].label_from_instance = lambda b: (
            f"Versie {b.version}: {b.first_year}–{b.last_year}"
        )
        years = sorted({y for v in versions for y in v.years}, reverse=True)
        self.fields["year"].choices = [(y, str(y)) for y in years]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:  # refused before a byte of it is read
            raise ValidationError(
                f"Het bestand is {upload.size / 2**20:.1f} MB groot. Een realisatiebestand mag "
                f"hoogstens {MAX_FILE_BYTES // 2**20} MB zijn."
            )
        self.raw = upload.read()
        try:
            self.dataset = read_realisation_file(self.raw)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload

    def clean(self):
        data = super().clean()
        begroting, year = data.get("begroting"), data.get("year")
        if begroting and year and not begroting.first_year <= year <= begroting.last_year:
            self.add_error(
                "year",
                f"Versie {begroting.version} loopt van {begroting.first_year} tot en met "
                f"{begroting.last_year}. Kies een jaar daarbinnen of een andere versie.",
            )
        return data


class EurosField(forms.CharField):
    """Whole euros as people type them: "1.234.567", "-2.500" (``rules.parse_euros``)."""

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return rules.parse_euros(text)


class PrognosisForm(forms.Form):
    amount = EurosField(
        label="Prognose voor het hele jaar (€, hele euro's)",
        help_text="Bijvoorbeeld 1.250.000.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label="Toelichting",
        help_text="Waarom wijkt uw prognose af van de lineaire?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf in de toelichting waarom u een eigen prognose geeft."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].error_messages["required"] = "Vul de prognose voor het jaar in."
