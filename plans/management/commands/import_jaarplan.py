from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.jaarplan.exchange import import_activities, read_workbook
from plans.jaarplan.generate import current_jaarplan
from plans.management.commands.export_jaarplan import school_year_option
from swvportal.core.commands import read_input_file
from swvportal.core.imports import ImportFileError
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Lees activiteiten in uit een Excel-bestand in de kolommen van de jaarplan-export, in het "
        "concept-jaarplan van een schooljaar. Zonder --commit is het een proefrun: die toont "
        "wat er zou worden ingelezen, of per rij de fouten. Een bestand met fouten wordt "
        "helemaal niet ingelezen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--schooljaar", required=True, help="Bijvoorbeeld 2026-2027.")
        parser.add_argument(
            "--commit", action="store_true", help="Lees in als er geen fouten zijn."
        )

    def handle(self, *args, file: Path, tenant: str, schooljaar: str, commit: bool, **options):
        swv = tenant_for_command(tenant)
        year = school_year_option(schooljaar)
        raw = read_input_file(file)
        try:
            dataset = read_workbook(raw)
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}") from None
        with tenant_scope(swv):
            jaarplan = current_jaarplan(tenant=swv, school_year=year)
            if jaarplan is None:
                raise CommandError(
                    f"{swv.code} heeft geen jaarplan voor {year.label}. Maak het eerst met "
                    f"create_jaarplan --tenant {swv.code} --schooljaar {year.label}."
                )
            try:
                outcome = import_activities(jaarplan=jaarplan, dataset=dataset, commit=commit)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        if outcome.report.errors:
            for error in outcome.report.errors:
                self.stderr.write(f"Rij {error.line}: {' '.join(error.messages)}")
            raise CommandError(
                f"Niets ingelezen: {len(outcome.report.errors)} van de {outcome.report.rows} "
                "rijen hebben fouten."
            )
        for row in outcome.rows:
            what = f" — {row.result}" if row.result else ""
            self.stdout.write(f"Rij {row.line}: {row.action}: {shorter(row.improvement)}{what}")
        for title in outcome.new_improvements:
            self.stdout.write(f"Nieuw aanvullend verbeterpunt: {title}")
        summary = (
            f"{outcome.count('nieuw')} nieuw, {outcome.count('bijgewerkt')} bijgewerkt, "
            f"{outcome.count('ongewijzigd')} ongewijzigd"
        )
        if outcome.committed:
            self.stdout.write(self.style.SUCCESS(f"Ingelezen in {jaarplan}: {summary}."))
        else:
            self.stdout.write(f"Proefrun zonder fouten ({summary}). Lees in met --commit.")


def shorter(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
