from django.core.management.base import BaseCommand
from django.db import transaction

from swvportal.core.demo import seeders_in_order
from swvportal.tenancy.demo import seed_tenant
from swvportal.tenancy.scoping import tenant_scope


class Command(BaseCommand):
    help = (
        "Maak (of werk bij) het demo-samenwerkingsverband RefSVO (VO0001) met fictieve scholen en "
        "één demogebruiker per rol. Kan vaker draaien: bestaande gegevens worden bijgewerkt."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app's seeder (registered in its ``portal.py``), after the ones it depends on.
        seeders = seeders_in_order()
        tenant = seed_tenant()
        with tenant_scope(tenant):
            results = [seeder.seed(tenant) for seeder in seeders]
        summary = ", ".join(part for result in results for part in result.summary)
        self.stdout.write(self.style.SUCCESS(f"Demo {tenant}: {summary}."))
        for line in [line for result in results for line in result.lines]:
            self.stdout.write(line)
        for line in [line for result in results for line in result.closing]:
            self.stdout.write(line)
