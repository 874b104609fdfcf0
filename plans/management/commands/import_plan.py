from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.exchange import import_plan, load
from swvportal.core.commands import read_input_file
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Lees een ondersteuningsplan in uit JSON (formaat swvportal.osp/1). Zonder --commit is "
        "het een proefrun; bij fouten wordt niets opgeslagen en staat elk fout veld met zijn pad "
        "in de uitvoer, bijvoorbeeld pijlers[1].doelen[3].stappen[0].schooljaar."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--commit", action="store_true", help="Sla op als er geen fouten zijn.")

    def handle(self, *args, file: Path, tenant: str, commit: bool, **options):
        swv = tenant_for_command(tenant)
        raw = read_input_file(file)
        document, problems = load(raw)
        if not problems:
            with tenant_scope(swv):
                result = import_plan(tenant=swv, document=document, commit=commit)
            problems = result.problems
        if problems:
            for problem in problems:
                self.stderr.write(f"Fout: {problem}")
            raise CommandError(f"Niets ingelezen: {len(problems)} fout(en).")
        summary = ", ".join(f"{n} {what}" for what, n in result.counts.items())
        if result.committed:
            self.stdout.write(self.style.SUCCESS(f"Opgeslagen: {result.plan} ({summary})."))
        else:
            self.stdout.write(f"Proefrun zonder fouten ({summary}). Sla op met --commit.")
