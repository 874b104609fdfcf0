from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referrals import resources, resources_loket
from swvportal.tenancy.models import School, normalize_brin
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Exporteer de TLV-besluiten van een samenwerkingsverband naar CSV of XLSX, met dezelfde "
        "kolommen als import_tlvs. Elke export wordt in het inzagelog vastgelegd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="Code van het samenwerkingsverband.")
        parser.add_argument("--school", help="BRIN van één school (anders: alle scholen).")
        parser.add_argument(
            "--format",
            choices=("csv", "xlsx"),
            help="Bestandsformaat (standaard: volgens de extensie van --out, anders csv).",
        )
        parser.add_argument("--out", required=True, type=Path, help="Het bestand om te schrijven.")

    def handle(self, *args, tenant: str, school: str | None, out: Path, **options):
        file_format = options["format"] or resources_loket.file_format_for(out.name) or "csv"
        swv = tenant_for_command(tenant)
        with tenant_scope(swv):
            found = None
            if school:
                found = School.objects.filter(tenant=swv, brin=normalize_brin(school)).first()
                if found is None:
                    raise CommandError(f"Onbekende school {school!r} bij {swv.code}.")
            dataset = resources_loket.export_dataset(
                resources_loket.decision_rows(tenant=swv, school=found)
            )
            try:
                out.write_bytes(resources_loket.dataset_bytes(dataset, file_format))
            except OSError as exc:
                raise CommandError(
                    f"Het bestand {out} kan niet worden geschreven: {exc.strerror}."
                ) from None
            resources.log_command_export(found or swv, "TLV's", dataset.height)
        where = found.brin if found else f"alle scholen van {swv.code}"
        self.stdout.write(
            self.style.SUCCESS(f"{dataset.height} TLV-besluiten ({where}) geschreven naar {out}.")
        )
