from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.services import indicators_compute, indicators_compute_all
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


def parse_peildatum(raw: str | None) -> datetime.date:
    if raw is None:
        return timezone.localdate()
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"Ongeldige peildatum {raw!r}: schrijf jjjj-mm-dd.") from None
    if day > timezone.localdate():
        raise CommandError("Een peildatum in de toekomst kan nog niet berekend worden.")
    return day


class Command(BaseCommand):
    help = (
        "Bereken alle indicatoren van een samenwerkingsverband op een peildatum (standaard "
        "vandaag) en leg de metingen vast. Een cijfer dat niet veranderde, wordt niet opnieuw "
        "vastgelegd; een veranderd cijfer komt erbij, het eerdere blijft in de geschiedenis."
    )

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--tenant", help="Code, bijvoorbeeld VO0001.")
        which.add_argument(
            "--alle", action="store_true", help="Alle samenwerkingsverbanden tegelijk."
        )
        parser.add_argument("--peildatum", help="jjjj-mm-dd (standaard vandaag).")

    def handle(self, *args, tenant: str | None, peildatum: str | None, **options) -> None:
        on = parse_peildatum(peildatum)
        if options["alle"]:
            for code, summary in indicators_compute_all(peildatum=on).items():
                self._report(code, on, summary)
            return
        found = tenant_for_command(tenant)
        with tenant_scope(found):
            summary = indicators_compute(tenant=found, peildatum=on)
        self._report(found.code, on, summary)

    def _report(self, code: str, on: datetime.date, summary) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"{code} op {on:%d-%m-%Y}: {summary.indicators} indicatoren, "
                f"{summary.written} nieuwe of gewijzigde metingen, "
                f"{summary.unchanged} ongewijzigd."
            )
        )
