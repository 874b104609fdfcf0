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
        "waarde, status en het aantal records erachter. JSON of XLSX, zoals toezicht het ziet: "
        "kleine aantallen (1 tot 4) en wat ze zou verraden, staan er niet in. Met "
        "--alle-cijfers staan ze er wel in (alleen voor het bestuur)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tenant", required=True, help="Code, bijvoorbeeld VO0001.")
        parser.add_argument("--peildatum", help="jjjj-mm-dd (standaard de laatste peildatum).")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--out", required=True, type=Path, help="Het bestand om te schrijven.")
        parser.add_argument(
            "--alle-cijfers",
            action="store_true",
            help="Ook kleine aantallen, zoals de bestuurder ze ziet (niet voor toezicht).",
        )

    def handle(self, *args, tenant: str, peildatum: str | None, **options) -> None:
        found = tenant_for_command(tenant)
        on = parse_peildatum(peildatum)
        with tenant_scope(found):
            plan = selectors.shown_plan(tenant=found)
            titles = selectors.pillar_titles(plan=plan)
            sections = selectors.dashboard(tenant=found, peildatum=on, titles=titles)
            goals = selectors.goal_links(plan=plan)
            suppress = not options["alle_cijfers"]
            if options["format"] == "json":
                document = dashboard_json(sections, goals, on, suppress=suppress)
                content = json.dumps(document, ensure_ascii=False, indent=2).encode()
            else:
                rows = dashboard_rows(sections, goals, suppress=suppress)
                content = dashboard_xlsx(rows, f"Dashboard {on:%d-%m-%Y}")
        try:
            options["out"].write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan {options['out']} niet schrijven: {exc.strerror}.") from None
        count = sum(len(s.rows) for s in sections)
        self.stdout.write(
            self.style.SUCCESS(f"{count} indicatoren geschreven naar {options['out']}.")
        )
