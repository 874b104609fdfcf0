from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from swvportal.core.commands import read_input_file
from swvportal.core.imports import ImportFileError, load_dataset, run_import
from swvportal.tenancy.resources import SCHOOL_COLUMNS, SchoolResource
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Lees scholen in uit een CSV-bestand met de kolommen brin,naam,soort,gemeente,bestuur. "
        "Zonder --commit is het een proefrun: er wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True, help="Code van het samenwerkingsverband.")
        parser.add_argument("--commit", action="store_true", help="Sla op als er geen fouten zijn.")

    def handle(self, *args, file: Path, tenant: str, commit: bool, **options):
        swv = tenant_for_command(tenant)
        raw = read_input_file(file)
        with tenant_scope(swv):
            try:
                dataset = load_dataset(raw, "csv", required=SCHOOL_COLUMNS)
            except ImportFileError as exc:
                raise CommandError(f"Niets ingelezen. {exc}") from None
            report = run_import(lambda: SchoolResource(tenant=swv), dataset, commit=commit)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"Fout op {error}")
            raise CommandError(
                f"Niets ingelezen: {len(report.errors)} van de {report.rows} regels hebben fouten."
            )
        summary = f"{report.new} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd"
        if report.committed:
            self.stdout.write(self.style.SUCCESS(f"Opgeslagen voor {swv.code}: {summary}."))
        else:
            self.stdout.write(
                f"Proefrun zonder fouten ({summary}). Voeg --commit toe om op te slaan."
            )
