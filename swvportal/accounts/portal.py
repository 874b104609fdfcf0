"""What accounts adds to the platform's registries: the members (autodiscovered by core)."""

from __future__ import annotations

from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.tenancy.models import Tenant

from .models import Role
from .permissions import Capability, register_capabilities

register_capabilities(
    Capability.of("accounts.view_members", "Gebruikers en hun rollen bekijken", Role.BESTUURDER),
    order=30,
)

register_section(
    Section(
        "Gebruikers",
        "accounts:member_list",
        "accounts.view_members",
        "Wie toegang heeft tot het portaal, met welke rol en voor welke scholen.",
    ),
    order=90,
)


def seed_demo(tenant: Tenant) -> Seeded:
    """One demo user per role; their logins are printed last, where they are easy to find."""
    from .demo import DEMO_PASSWORD, seed_users  # demo code stays out of the web process

    users = seed_users(tenant)
    logins = [f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}"]
    for demo, user in users:
        mfa = f"  (code: .venv/bin/python manage.py totp_code {user.email})" if user.has_mfa else ""
        logins.append(f"  {demo.role:<16} {user.email}{mfa}")
    return Seeded(summary=[f"{len(users)} gebruikers"], closing=logins)


register_seeder("accounts", seed_demo, after=("tenancy",))
