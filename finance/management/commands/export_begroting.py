from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finance.exchange import dumps, export_begroting
from finance.exchange_xlsx import begroting_xlsx
from finance.models import Begroting
from finance.selectors import current_begroting
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Schrijf een meerjarenbegroting als Excel (de indeling van Bijlage 3) of als JSON (formaat "
        "swvportal.begroting/1): export_begroting --tenant CODE [--version 2.0] --format xlsx "
        "--out begroting.xlsx. Zonder --version: de vastgestelde versie die geldt, of anders de "
        "nieuwste."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the begroting's version; Django's own --version gives way.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--version", dest="begroting_version", help="Bijvoorbeeld 2.0.")
        parser.add_argument("--format", dest="file_format", choices=["xlsx", "json"], required=True)
        parser.add_argument("--out", type=Path, required=True, help="Het bestand om te schrijven.")

    def handle(self, *args, tenant, begroting_version, file_format, out, **options):
        swv = tenant_for_command(tenant)
        with tenant_scope(swv):
            begroting = pick(swv, begroting_version)
            if file_format == "xlsx":
                content = begroting_xlsx(begroting)
            else:
                content = dumps(export_begroting(begroting)).encode("utf-8")
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                f"Het bestand {out} kan niet worden geschreven: {exc.strerror}."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Geschreven: {begroting} naar {out}."))


def pick(tenant, version: str | None) -> Begroting:
    """The version asked for; else the vastgestelde version in force; else the newest."""
    versions = Begroting.objects.filter(tenant=tenant)
    if version:
        try:
            major, minor = (int(x) for x in version.split("."))
        except ValueError:
            raise CommandError(f"Ongeldige versie {version!r}: schrijf bijvoorbeeld 2.0.") from None
        found = versions.filter(version_major=major, version_minor=minor).order_by("-pk").first()
    else:
        found = current_begroting(tenant=tenant) or versions.order_by("-created_at", "-pk").first()
    if found is None:
        what = f"versie {version} van de begroting" if version else "begroting"
        raise CommandError(f"{tenant.code} heeft geen {what}.")
    return found
