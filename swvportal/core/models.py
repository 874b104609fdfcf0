from __future__ import annotations

from django.conf import settings
from django.db import models

from swvportal.tenancy.models import TenantOwned


class ImportUpload(TenantOwned):
    """An uploaded file that a background job checks and saves (``swvportal.core.import_jobs``).

    Only the member who uploaded it may see its report or save it. The content goes once the
    file is saved; the row itself after ``IMPORT_UPLOAD_MAX_AGE`` seconds (purged whenever a
    new file is stored).
    """

    kind = models.CharField("soort", max_length=100)
    params = models.JSONField("parameters", default=dict, blank=True)
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="+", verbose_name="lid"
    )
    file_name = models.CharField("bestandsnaam", max_length=255)
    file_format = models.CharField("formaat", max_length=10)
    content = models.BinaryField("inhoud", blank=True)
    report = models.JSONField("verslag", null=True, blank=True)
    committed = models.BooleanField("opgeslagen", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "ingelezen bestand"
        verbose_name_plural = "ingelezen bestanden"
        indexes = [models.Index(fields=["tenant", "created_at"], name="import_upload_created")]

    def __str__(self) -> str:
        return self.file_name
