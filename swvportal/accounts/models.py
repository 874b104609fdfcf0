"""Users log in with their e-mail address; a ``Membership`` gives them one role in one tenant."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from swvportal.tenancy.models import School, TenantOwned


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person. What they may do depends on their memberships, not on Django's permissions."""

    username = None
    email = models.EmailField("e-mailadres", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def has_mfa(self) -> bool:
        from allauth.mfa.models import Authenticator

        return self.authenticator_set.filter(type=Authenticator.Type.TOTP).exists()


class Role(models.TextChoices):
    BESTUURDER = "bestuurder", "Bestuurder"
    LOKET = "loket", "Loket"
    DESKUNDIGE = "deskundige", "Deskundige"
    ZORGCOORDINATOR = "zorgcoordinator", "Zorgcoördinator"
    TOEZICHT = "toezicht", "Toezicht (OPR/RvT)"
    INSPECTIE = "inspectie", "Inspectie"


class Membership(TenantOwned):
    """One role of one person in one samenwerkingsverband (a person may be in several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="gebruiker",
    )
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    schools = models.ManyToManyField(
        School,
        blank=True,
        related_name="memberships",
        verbose_name="scholen",
        help_text="Alleen voor zorgcoördinatoren: de scholen waarvoor zij werken.",
    )
    # Capabilities given to this one member on top of their role (``Capability.grantable``),
    # e.g. the steunpunt's work for an ouder- en jeugdconsulent with the Loket role. On the row
    # itself, so checking them costs no query; every change is in the audit log with the row.
    extra_capabilities = models.JSONField(
        "extra bevoegdheden",
        default=list,
        blank=True,
        help_text="Bevoegdheden bovenop de rol, voor deze persoon alleen.",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"], name="membership_one_role_per_tenant"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "role"], name="membership_tenant_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} bij {self.tenant.code}"

    @property
    def requires_mfa(self) -> bool:
        # A granted capability reaches personal data (only those are grantable): second factor.
        return self.role in settings.MFA_REQUIRED_ROLES or bool(self.extra_capabilities)

    @property
    def granted(self) -> frozenset[str]:
        return frozenset(self.extra_capabilities or ())

    @cached_property
    def school_ids(self) -> frozenset[int]:
        return frozenset(self.schools.values_list("pk", flat=True))


auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Membership, m2m_fields={"schools"})


class EnrolmentCode(models.Model):
    """A one-time code an administrator gives a person so they may set up their second factor.

    Only the hash is stored; the code is shown once, by ``manage.py enrolment_code``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolment_codes",
        verbose_name="gebruiker",
    )
    code_hash = models.CharField("code (versleuteld)", max_length=256)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    expires_at = models.DateTimeField("geldig tot")
    used_at = models.DateTimeField("gebruikt op", null=True, blank=True)

    class Meta:
        verbose_name = "activeringscode"
        verbose_name_plural = "activeringscodes"

    def __str__(self) -> str:
        until = timezone.localtime(self.expires_at)  # stored in UTC; users read Dutch time
        return f"Activeringscode voor {self.user} (geldig tot {until:%d-%m-%Y %H:%M})"
