from django.core.management.base import BaseCommand
from django.db import transaction

from monitoring.demo import seed_monitoring
from plans.demo import seed_plan
from referrals.demo import seed_registrations
from swvportal.accounts.demo import DEMO_PASSWORD, seed_users
from swvportal.tenancy.demo import seed_schools, seed_tenant
from swvportal.tenancy.scoping import tenant_scope


class Command(BaseCommand):
    help = (
        "Maak (of werk bij) het demo-samenwerkingsverband RefSVO (VO0001) met fictieve scholen en "
        "één demogebruiker per rol. Kan vaker draaien: bestaande gegevens worden bijgewerkt."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        tenant = seed_tenant()
        with tenant_scope(tenant):
            schools = seed_schools(tenant)
            users = seed_users(tenant)
            plan = seed_plan(tenant)
            records = seed_registrations(tenant)
            dashboard = seed_monitoring(tenant)
        self.stdout.write(
            self.style.SUCCESS(f"Demo {tenant}: {len(schools)} scholen, {len(users)} gebruikers.")
        )
        self.stdout.write(f"Ondersteuningsplan: {plan} — /{tenant.code}/plannen/{plan.pk}/")
        self.stdout.write(
            f"Leerlinggegevens (fictief): {records['absences']} thuiszittersregistraties, "
            f"{records['opps']} OPP's."
        )
        self.stdout.write(
            f"Dashboard: {dashboard['indicators']} indicatoren, {dashboard['measurements']} "
            f"metingen, {dashboard['reports']} schoolrapportages — /{tenant.code}/monitoring/"
        )
        self.stdout.write(f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}")
        for demo, user in users:
            mfa = (
                f"  (code: .venv/bin/python manage.py totp_code {user.email})"
                if user.has_mfa
                else ""
            )
            self.stdout.write(f"  {demo.role:<16} {user.email}{mfa}")
