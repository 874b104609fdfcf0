from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from swvportal.core.commands import read_input_file, write_import_report
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
        write_import_report(self, report, saved_for=swv.code)
