from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referrals import resources_loket
from swvportal.core.commands import read_input_file, write_import_report
from swvportal.core.imports import ImportFileError
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Lees historische TLV's in uit een CSV- of XLSX-bestand met de kolommen "
        + ",".join(resources_loket.COLUMNS)
        + ". Zonder --commit is het een proefrun: er wordt niets opgeslagen. Met fouten wordt "
        "niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True, help="Code van het samenwerkingsverband.")
        parser.add_argument("--commit", action="store_true", help="Sla op als er geen fouten zijn.")

    def handle(self, *args, file: Path, tenant: str, commit: bool, **options):
        swv = tenant_for_command(tenant)
        raw = read_input_file(file)
        file_format = resources_loket.file_format_for(file.name) or "csv"
        with tenant_scope(swv):
            try:
                dataset = resources_loket.read_file(raw, file_format)
            except ImportFileError as exc:
                raise CommandError(f"Niets ingelezen. {exc}") from None
            report = resources_loket.import_dataset(tenant=swv, dataset=dataset, commit=commit)
        write_import_report(self, report, saved_for=swv.code)
