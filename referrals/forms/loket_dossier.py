"""The dossier's forms. They validate input only: what a file is, and who may add or remove
one, is decided in ``referrals.services.loket_dossier``."""

from __future__ import annotations

from django import forms

from ..models.loket import DocumentKind
from ..services.loket_dossier_files import ACCEPT, ALLOWED_TEXT


class DossierUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Wat voor stuk is dit?",
        choices=[("", "— kies —"), *DocumentKind.choices],
        error_messages={"required": "Kies wat voor stuk dit is."},
    )
    file = forms.FileField(
        label="Bestand",
        # The browser's type and the name are never trusted; ``accept`` only helps the picker.
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg. Kies een bestand met inhoud.",
            "invalid": "Er kwam geen bestand mee. Kies het bestand opnieuw.",
        },
    )

    def __init__(self, *args, max_mb: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{ALLOWED_TEXT}, hoogstens {max_mb} MB."


class DossierDeleteForm(forms.Form):
    """The confirmation step: the button is the confirmation."""

    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)
