from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring import selectors
from monitoring.exports import dashboard_json, dashboard_rows, dashboard_xlsx
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope

from .compute_indicators import parse_peildatum


class Command(BaseCommand):
    help = (
        "Exporteer het dashboard op een peildatum: per indicator pijler, doel, tekst, norm, "
        "waarde, status en het aantal records erachter. JSON of XLSX. Het XLSX-bestand toont "
        "aantallen onder 5 als '<5', zoals toezicht het ziet."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tenant", required=True, help="Code, bijvoorbeeld VO0001.")
        parser.add_argument("--peildatum", help="jjjj-mm-dd (standaard de laatste peildatum).")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--out", required=True, type=Path, help="Het bestand om te schrijven.")

    def handle(self, *args, tenant: str, peildatum: str | None, **options) -> None:
        found = tenant_for_command(tenant)
        on = parse_peildatum(peildatum)
        with tenant_scope(found):
            plan = selectors.shown_plan(tenant=found)
            titles = selectors.pillar_titles(plan=plan)
            sections = selectors.dashboard(tenant=found, peildatum=on, titles=titles)
            goals = selectors.goal_links(plan=plan)
            if options["format"] == "json":
                content = json.dumps(
                    dashboard_json(sections, goals, on), ensure_ascii=False, indent=2
                ).encode()
            else:
                rows = dashboard_rows(sections, goals, suppress=True)
                content = dashboard_xlsx(rows, f"Dashboard {on:%d-%m-%Y}")
        try:
            options["out"].write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan {options['out']} niet schrijven: {exc.strerror}.") from None
        count = sum(len(s.rows) for s in sections)
        self.stdout.write(
            self.style.SUCCESS(f"{count} indicatoren geschreven naar {options['out']}.")
        )
