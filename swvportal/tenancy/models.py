"""Tenants (samenwerkingsverbanden) and schools, and the base every tenant-owned model uses.

Tenant-owned models use :func:`tenant_manager`: a django-scopes manager that filters on the active
tenant and raises ``ScopeError`` when no tenant scope is active. A forgotten filter therefore fails
loudly instead of returning every tenant's rows. Scopes are opened by ``TenantMiddleware`` for
requests, by :func:`swvportal.tenancy.scoping.tenant_scope` in commands and tasks.
"""

from __future__ import annotations

import re

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django_scopes import ScopedManager

TENANT_CODE_RE = re.compile(r"^[A-Z]{2}[A-Z0-9-]{1,14}$")
BRIN_RE = re.compile(r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")


def normalize_tenant_code(raw: str) -> str:
    """``"vo 31-02"`` → ``"VO31-02"``: codes are written with spaces, URLs want none."""
    return re.sub(r"\s+", "", raw or "").upper()


def normalize_brin(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


class Sector(models.TextChoices):
    PO = "PO", "Primair onderwijs"
    VO = "VO", "Voortgezet onderwijs"


class Tenant(models.Model):
    """A samenwerkingsverband passend onderwijs: one tenant of the portal."""

    code = models.CharField(
        "code",
        max_length=16,
        unique=True,
        validators=[
            RegexValidator(
                TENANT_CODE_RE,
                "Gebruik een code als VO0001 of PO25-06: twee letters, dan cijfers, "
                "letters of streepjes, zonder spaties.",
            )
        ],
        help_text="Bijvoorbeeld VO0001. Staat vooraan in elke URL: /VO0001/…",
    )
    name = models.CharField("naam", max_length=200)
    sector = models.CharField("sector", max_length=2, choices=Sector.choices)
    is_demo = models.BooleanField("demogegevens", default=False)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "samenwerkingsverband"
        verbose_name_plural = "samenwerkingsverbanden"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


def tenant_manager(manager_class: type[models.Manager] = models.Manager) -> models.Manager:
    """The manager of every tenant-owned model: filtered on, and failing without, a tenant scope."""
    return ScopedManager(tenant="tenant", _manager_class=manager_class)


class TenantOwned(models.Model):
    """Abstract base of tenant-owned data: a ``tenant`` FK and the scoped manager."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, verbose_name="samenwerkingsverband"
    )

    objects = tenant_manager()

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        """Ends up in every audit-log entry of this object (see ``swvportal.audit``)."""
        return {"tenant_id": self.tenant_id}


class SchoolKind(models.TextChoices):
    VO = "vo", "Regulier VO"
    VSO_CLUSTER3 = "vso-cluster3", "VSO cluster 3"
    VSO_CLUSTER4 = "vso-cluster4", "VSO cluster 4"
    PRO = "pro", "Praktijkonderwijs (PrO)"
    OPDC = "opdc", "OPDC"
    BAO = "bao", "Basisonderwijs"
    SBO = "sbo", "Speciaal basisonderwijs"
    SO = "so", "Speciaal onderwijs"


def validate_brin(value: str) -> None:
    if not BRIN_RE.match(value or ""):
        raise ValidationError(
            "Ongeldige BRIN: verwacht twee cijfers, twee letters en eventueel een "
            "vestigingsnummer van twee cijfers, bijvoorbeeld 14PS of 14PS03.",
            code="invalid_brin",
        )


class School(TenantOwned):
    """A school location (BRIN + vestiging) within one samenwerkingsverband."""

    brin = models.CharField(
        "BRIN en vestiging",
        max_length=6,
        validators=[validate_brin],
        help_text="Bijvoorbeeld 14PS03.",
    )
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=16, choices=SchoolKind.choices)
    municipality = models.CharField("gemeente", max_length=100, blank=True)
    board = models.CharField("schoolbestuur", max_length=200, blank=True)
    is_demo = models.BooleanField("demogegevens", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "school"
        verbose_name_plural = "scholen"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "brin"], name="school_unique_brin_per_tenant"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "kind"], name="school_tenant_kind")]

    def __str__(self) -> str:
        return f"{self.name} ({self.brin})"


auditlog.register(Tenant)
auditlog.register(School)
