from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from steunpunt import export
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope

KINDS = {
    "contacten": (export.contacts_xlsx, "export contacten"),
    "trends": (export.trends_xlsx, "export trends"),
}


class Command(BaseCommand):
    help = (
        "Schrijf de contacten of de trends van het ouder- en jeugdsteunpunt van één schooljaar "
        "als Excel-bestand, zoals de exportpagina (zonder vrije tekst en zonder "
        "terugbelgegevens): export_steunpunt --tenant CODE --soort contacten "
        "[--schooljaar 2025-2026] --out contacten.xlsx. Zonder --schooljaar: het laatste "
        "volledige schooljaar. Elke export wordt in het logboek vastgelegd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="Code van het samenwerkingsverband.")
        parser.add_argument("--soort", choices=sorted(KINDS), required=True)
        parser.add_argument("--schooljaar", help="Bijvoorbeeld 2025-2026.")
        parser.add_argument("--out", type=Path, required=True, help="Het bestand om te schrijven.")

    def handle(self, *args, tenant: str, soort: str, schooljaar: str | None, out: Path, **options):
        try:
            year = SchoolYear.parse(schooljaar) if schooljaar else export.default_school_year()
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        swv = tenant_for_command(tenant)
        build, what = KINDS[soort]
        with tenant_scope(swv):
            made = build(tenant=swv, year=year)
            try:
                out.write_bytes(made.content)
            except OSError as exc:
                raise CommandError(
                    f"Het bestand {out} kan niet worden geschreven: {exc.strerror}."
                ) from None
            export.log_command_export(swv, what, made, year)
        self.stdout.write(
            self.style.SUCCESS(
                f"{made.count} regels ({soort}, {year.label}) geschreven naar {out}."
            )
        )
