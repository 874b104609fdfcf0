from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finance.exchange import FileRefused, read_file
from swvportal.core.commands import read_input_file
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Lees een meerjarenbegroting in uit Excel (de indeling van Bijlage 3) of JSON (formaat "
        "swvportal.begroting/1) als een nieuwe conceptbegroting. Zonder --commit is het een "
        "proefrun: die toont wat er zou worden gemaakt, of elke fout met zijn rij of pad. Een "
        "bestand met fouten wordt helemaal niet ingelezen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Een .xlsx- of .json-bestand.")
        parser.add_argument("--tenant", required=True)
        parser.add_argument(
            "--commit", action="store_true", help="Lees in als er geen fouten zijn."
        )

    def handle(self, *args, file: Path, tenant: str, commit: bool, **options):
        swv = tenant_for_command(tenant)
        raw = read_input_file(file)
        with tenant_scope(swv):
            try:
                outcome = read_file(tenant=swv, raw=raw, commit=commit)
            except FileRefused as exc:
                raise CommandError(f"{file}: {exc}") from None
        for warning in outcome.warnings:
            self.stdout.write(f"Let op: {warning}")
        if not outcome.ok:
            for problem in outcome.problems:
                self.stderr.write(f"Fout: {problem}")
            raise CommandError(f"Niets ingelezen: {len(outcome.problems)} fout(en).")
        if outcome.committed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Ingelezen als nieuw concept: {outcome.begroting} ({outcome.summary})."
                )
            )
        else:
            self.stdout.write(
                f"Proefrun zonder fouten. Zou maken: een conceptbegroting {outcome.summary}. "
                "Lees in met --commit."
            )
