"""Issued PDF documents (domain.md §10): each row is one file as it was handed out.

An adopted plan version has exactly one *archived* document: rendered once, stored with its
SHA-256, and returned unchanged every time it is asked for again. Concept plans and dashboard
reports get a new, non-archived document per request; earlier ones are kept.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from swvportal.tenancy.models import TenantOwned


class DocumentKind(models.TextChoices):
    OSP = "osp", "Ondersteuningsplan"
    MONITORING = "monitoring", "Monitoringsrapportage"


def document_path(instance: IssuedDocument, filename: str) -> str:
    """``documenten/<tenant code>/<first 16 of the SHA-256>/<filename>``.

    The hash directory keeps the builder's filename intact for two documents of the same name.
    """
    return f"documenten/{instance.tenant.code}/{instance.sha256[:16]}/{filename}"


class IssuedDocument(TenantOwned):
    kind = models.CharField("soort", max_length=20, choices=DocumentKind.choices)
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        # An issued document outlives nothing it describes: a plan with a PDF is not deleted.
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ondersteuningsplan",
    )
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
                fields=["plan"],
                condition=models.Q(archived=True),
                name="document_one_archive_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=DocumentKind.OSP, plan__isnull=False)
                | models.Q(kind=DocumentKind.MONITORING, peildatum__isnull=False, archived=False),
                name="document_kind_has_subject",
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

    def get_additional_data(self) -> dict:
        # plan_id: the PDF shows up in that plan version's history.
        data = {"tenant_id": self.tenant_id}
        if self.plan_id:
            data["plan_id"] = self.plan_id
        return data


auditlog.register(IssuedDocument)
