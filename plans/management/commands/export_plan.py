from django.core.management.base import BaseCommand, CommandError

from plans.exchange import dumps, export_plan
from plans.models import Plan
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Schrijf een ondersteuningsplan als JSON (formaat swvportal.osp/1) naar standaarduitvoer: "
        "export_plan --tenant CODE [--version 4.0] > plan.json. Zonder --version: de nieuwste "
        "vastgestelde versie, of anders de nieuwste."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version is the plan's version; Django's own --version (of Django) gives way.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--version", dest="plan_version", help="Bijvoorbeeld 4.0.")

    def handle(self, *args, tenant, plan_version, **options):
        swv = tenant_for_command(tenant)
        with tenant_scope(swv):
            plan = _pick(plan_version)
            self.stdout.write(dumps(export_plan(plan)), ending="")


def _pick(version: str | None) -> Plan:
    plans = Plan.objects.all()
    if version:
        try:
            major, minor = (int(x) for x in version.split("."))
        except ValueError:
            raise CommandError(f"Ongeldige versie {version!r}: schrijf bijvoorbeeld 4.0.") from None
        plan = plans.filter(version_major=major, version_minor=minor).first()
    else:
        plan = plans.filter(status__in=["vastgesteld", "verzonden"]).first() or plans.first()
    if plan is None:
        raise CommandError("Dit samenwerkingsverband heeft (die versie van) het plan niet.")
    return plan
