from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.jaarplan.exchange import dumps, export_jaarplan, jaarplan_xlsx
from plans.jaarplan.generate import current_jaarplan
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Schrijf het jaarplan van een schooljaar (de nieuwste versie) als Excel of als JSON "
        "(formaat swvportal.jaarplan/1): export_jaarplan --tenant CODE --schooljaar 2026-2027 "
        "--format xlsx --out jaarplan.xlsx. Zonder --out gaat JSON naar standaarduitvoer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--schooljaar", required=True, help="Bijvoorbeeld 2026-2027.")
        parser.add_argument(
            "--format", dest="file_format", choices=["xlsx", "json"], default="json"
        )
        parser.add_argument("--out", type=Path, help="Het bestand om te schrijven.")

    def handle(self, *args, tenant, schooljaar, file_format, out, **options):
        swv = tenant_for_command(tenant)
        year = school_year_option(schooljaar)
        if file_format == "xlsx" and out is None:
            raise CommandError("Een Excel-bestand schrijft u naar een bestand: geef --out op.")
        with tenant_scope(swv):
            jaarplan = current_jaarplan(tenant=swv, school_year=year)
            if jaarplan is None:
                raise CommandError(f"{swv.code} heeft geen jaarplan voor {year.label}.")
            if file_format == "xlsx":
                content = jaarplan_xlsx(jaarplan)
            else:
                content = dumps(export_jaarplan(jaarplan)).encode("utf-8")
        if out is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                f"Het bestand {out} kan niet worden geschreven: {exc.strerror}."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Geschreven: {jaarplan} naar {out}."))


def school_year_option(text: str) -> SchoolYear:
    """``--schooljaar 2026-2027``, or a Dutch CommandError."""
    try:
        return SchoolYear.parse(text)
    except ValidationError as exc:
        raise CommandError(f"--schooljaar {text!r}: {' '.join(exc.messages)}") from None
