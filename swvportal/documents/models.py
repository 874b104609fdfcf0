"""Issued PDF documents (domain.md §10): each row is one file as it was handed out.

The row knows no domain model: ``kind`` names a type in ``documents.registry`` and ``subject``
(a generic reference, Open Forms' ``SubmissionReport`` shape) the row it was made of. A type that
archives "once per subject" (an adopted plan version) has at most one *archived* document per
subject: rendered once, stored with its SHA-256, returned unchanged ever after. Other requests
get a new, non-archived document each time; earlier ones are kept. The owning model holds the
way back (``plans.Plan.issued_documents``, a ``GenericRelation``).
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from swvportal.tenancy.models import TenantOwned


def document_path(instance: IssuedDocument, filename: str) -> str:
    """``documenten/<tenant code>/<first 16 of the SHA-256>/<filename>``.

    The hash directory keeps the builder's filename intact for two documents of the same name.
    """
    return f"documenten/{instance.tenant.code}/{instance.sha256[:16]}/{filename}"


class IssuedDocument(TenantOwned):
    # A key of ``documents.registry``, checked in ``clean()``: no choices, so that adding a
    # type needs no migration here.
    kind = models.CharField("soort", max_length=40)
    subject_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="soort onderwerp",
    )
    subject_id = models.PositiveBigIntegerField("onderwerp", null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    peildatum = models.DateField("peildatum", null=True, blank=True)
    version_label = models.CharField("versie", max_length=20, blank=True)
    title = models.CharField("titel", max_length=300)
    filename = models.CharField("bestandsnaam", max_length=200)
    file = models.FileField("bestand", upload_to=document_path, max_length=300)
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "Een SHA-256 is 64 hexadecimale tekens.")],
    )
    size = models.PositiveBigIntegerField("grootte (bytes)")
    created_at = models.DateTimeField("gemaakt op", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="gemaakt door",
    )
    archived = models.BooleanField(
        "gearchiveerd",
        default=False,
        help_text="De PDF van een vastgestelde versie: eenmaal uitgegeven, nooit meer gewijzigd.",
    )

    class Meta:
        verbose_name = "uitgegeven document"
        verbose_name_plural = "uitgegeven documenten"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=models.Q(archived=True),
                name="document_one_archive_per_subject",
            ),
            # An archive is the file *of* something: it cannot be without its subject.
            models.CheckConstraint(
                condition=models.Q(archived=False)
                | models.Q(subject_type__isnull=False, subject_id__isnull=False),
                name="document_archive_has_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "kind", "-created_at"], name="document_tenant_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sha256_short(self) -> str:
        return self.sha256[:12]

    def clean(self) -> None:
        from .registry import get

        if get(self.kind) is None:
            raise ValidationError({"kind": f"Onbekende soort document: {self.kind!r}."})

    def get_additional_data(self) -> dict:
        # "<model>_id" of the subject (plan_id): the PDF shows up in that object's history.
        data = {"tenant_id": self.tenant_id}
        if self.subject_type_id and self.subject_id:
            model = ContentType.objects.get_for_id(self.subject_type_id).model
            data[f"{model}_id"] = self.subject_id
        return data


# ``subject`` is the generic reference itself: its two columns are logged, the
# GenericForeignKey (no field of the table, no related model) is not.
auditlog.register(IssuedDocument, exclude_fields=["subject"])
