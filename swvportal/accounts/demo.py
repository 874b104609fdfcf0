"""Demo users, one per role, for the RefSVO demo tenant. Fictional people, ``.example`` addresses.

Users whose role sees pupil data get a TOTP device; ``manage.py totp_code EMAIL`` prints the
current code, so the demo works without a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from swvportal.tenancy.models import School, Tenant

from .models import Role, User
from .services import membership_set, user_get_or_create

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - printed on purpose: fictional demo accounts


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    school_brins: tuple[str, ...] = ()


DEMO_USERS = [
    DemoUser("bestuurder@refsvo.example", "Anna", "de Bestuurder", Role.BESTUURDER),
    DemoUser("loket@refsvo.example", "Lucas", "van het Loket", Role.LOKET),
    DemoUser("deskundige@refsvo.example", "Dirk", "Deskundige", Role.DESKUNDIGE),
    DemoUser("deskundige2@refsvo.example", "Demi", "Deskundige", Role.DESKUNDIGE),
    DemoUser("zorg@refsvo.example", "Zara", "Zorgcoördinator", Role.ZORGCOORDINATOR, ("99RA00",)),
    DemoUser(
        "zorg2@refsvo.example",
        "Ziggy",
        "Zorgcoördinator",
        Role.ZORGCOORDINATOR,
        ("99RB00", "99RF00"),
    ),
    DemoUser("opr@refsvo.example", "Olga", "van de OPR", Role.TOEZICHT),
    DemoUser("rvt@refsvo.example", "Rob", "van de RvT", Role.TOEZICHT),
    DemoUser("inspectie@refsvo.example", "Ilse", "van de Inspectie", Role.INSPECTIE),
]


def seed_users(tenant: Tenant) -> list[tuple[DemoUser, User]]:
    """Runs inside the tenant's scope. Idempotent: existing users keep their TOTP secret."""
    seeded = []
    for demo in DEMO_USERS:
        user, _ = user_get_or_create(
            email=demo.email,
            password=DEMO_PASSWORD,
            first_name=demo.first_name,
            last_name=demo.last_name,
        )
        schools = list(School.objects.filter(brin__in=demo.school_brins))
        membership = membership_set(user=user, tenant=tenant, role=demo.role, schools=schools)
        if membership.requires_mfa:
            ensure_totp(user)
        seeded.append((demo, user))
    return seeded


def ensure_totp(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)
