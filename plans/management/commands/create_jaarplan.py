from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.jaarplan.generate import carry_candidates, jaarplan_generate
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope

ALL, NONE = "all", "none"


class Command(BaseCommand):
    help = (
        "Maak het jaarplan van een schooljaar uit het vastgestelde ondersteuningsplan: "
        "create_jaarplan --tenant CODE --schooljaar 2026-2027 [--neem-over all|none]. Bestaat "
        "het jaarplan al (als concept), dan komt er alleen bij wat ontbreekt. --neem-over all "
        "neemt alle activiteiten van vorig jaar over die niet gereed of vervallen zijn; "
        "standaard: none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--schooljaar", required=True, help="Bijvoorbeeld 2026-2027.")
        parser.add_argument(
            "--neem-over",
            dest="carry",
            choices=[ALL, NONE],
            default=NONE,
            help="Activiteiten van vorig jaar die nog open zijn: alle (all) of geen (none).",
        )

    def handle(self, *args, tenant, schooljaar, carry, **options):
        swv = tenant_for_command(tenant)
        try:
            year = SchoolYear.parse(schooljaar)
        except ValidationError as exc:
            raise CommandError(f"Ongeldig schooljaar {schooljaar!r}: {exc.messages[0]}") from None
        with tenant_scope(swv):
            chosen = []
            if carry == ALL:
                chosen = list(
                    carry_candidates(tenant=swv, school_year=year).values_list("pk", flat=True)
                )
            try:
                result = jaarplan_generate(tenant=swv, school_year=year, carry=chosen)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            jaarplan = result.jaarplan
            verb = "Gemaakt" if result.created else "Bijgewerkt"
            self.stdout.write(
                f"{verb}: jaarplan {year} van {swv.code} (versie {jaarplan.version}, "
                f"{jaarplan.get_status_display().lower()}), afgeleid van {jaarplan.plan.title} "
                f"versie {jaarplan.plan.version}."
            )
            self.stdout.write(f"Verbeterpunten toegevoegd: {len(result.improvements)}.")
            for improvement in result.improvements:
                self.stdout.write(f"  {improvement}")
            self.stdout.write(
                f"Activiteiten overgenomen uit {year.previous}: {len(result.carried)}."
            )
            for activity in result.carried:
                self.stdout.write(f"  {activity}")
