from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referrals import resources
from swvportal.core.commands import read_input_file, write_import_report
from swvportal.core.imports import ImportFileError
from swvportal.tenancy.models import School, normalize_brin
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Lees thuiszitters of OPP's van één school in uit een CSV- of XLSX-bestand (de kolommen "
        "van export_registrations). Zonder --commit is het een proefrun: er wordt niets "
        "opgeslagen. Met fouten wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=resources.KINDS, help="thuiszitters of opp")
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True, help="Code van het samenwerkingsverband.")
        parser.add_argument("--school", required=True, help="BRIN van de school.")
        parser.add_argument("--commit", action="store_true", help="Sla op als er geen fouten zijn.")

    def handle(self, *args, kind: str, file: Path, tenant: str, school: str, commit: bool, **opts):
        swv = tenant_for_command(tenant)
        raw = read_input_file(file)
        file_format = resources.file_format_for(file.name) or "csv"
        with tenant_scope(swv):
            found = School.objects.filter(tenant=swv, brin=normalize_brin(school)).first()
            if found is None:
                raise CommandError(f"Onbekende school {school!r} bij {swv.code}.")
            try:
                dataset = resources.read_file(kind, raw, file_format)
            except ImportFileError as exc:
                raise CommandError(f"Niets ingelezen. {exc}") from None
            report = resources.import_dataset(kind, school=found, dataset=dataset, commit=commit)
        write_import_report(self, report, saved_for=found.brin)
