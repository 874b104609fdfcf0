from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from swvportal.tenancy.models import Sector
from swvportal.tenancy.services import tenant_create


class Command(BaseCommand):
    help = 'Maak een nieuw samenwerkingsverband aan: createtenant CODE "NAAM" --sector VO'

    def add_arguments(self, parser):
        parser.add_argument("code", help="Bijvoorbeeld VO0001 of 'PO 25-06' (spaties vervallen).")
        parser.add_argument("name", help="De naam van het samenwerkingsverband.")
        parser.add_argument("--sector", required=True, choices=Sector.values, type=str.upper)

    def handle(self, *args, code, name, sector, **options):
        try:
            tenant = tenant_create(code=code, name=name, sector=sector)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Aangemaakt: {tenant} — bereikbaar op /{tenant.code}/")
        )
