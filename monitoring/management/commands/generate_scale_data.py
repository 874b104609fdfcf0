"""``manage.py generate_scale_data``: fictional tenants at RefSVO or national size (see
``tools.scale``), to time the monitoring calculations and the dashboard with."""

from __future__ import annotations

import argparse
import os
import time

from django.core.management.base import BaseCommand, CommandError

from tools import scale


class Command(BaseCommand):
    help = (
        "Maak fictieve samenwerkingsverbanden met scholen, leerlingen, thuiszittersregistraties "
        "en OPP's om de monitoring op schaal te meten: refsvo (1 samenwerkingsverband, 50 "
        "scholen) of national (150 × 50 scholen, ongeveer 2 miljoen registraties en OPP's over "
        "5 schooljaren). Peildatum 1-10-2026 geldt als 'vandaag'; dezelfde --seed geeft dezelfde "
        "gegevens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(scale.SCALES), default="refsvo")
        parser.add_argument(
            "--years", type=int, default=5, help="Aantal schooljaren (standaard 5)."
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--prefix",
            default=scale.DEFAULT_PREFIX,
            help="Begin van de codes (standaard SC: SC0001, SC0002, …).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Verwijder eerst de schaaltest-samenwerkingsverbanden met dit voorvoegsel.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="Aantal processen naast elkaar (standaard: het aantal processorkernen, max. 4).",
        )
        # For the tests and the bench: a size other than the two named scales.
        parser.add_argument("--tenants", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--schools", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        size = scale.SCALES[options["scale"]]
        tenants = options["tenants"] or size.tenants
        schools = options["schools"] or size.schools
        if options["years"] < 0 or tenants < 1 or schools < 1:
            raise CommandError("--years, --tenants en --schools moeten positief zijn.")
        try:
            prefix = scale.check_prefix(options["prefix"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.perf_counter()
        if options["replace"]:
            removed = scale.scale_delete(prefix=prefix)
            self.stdout.write(
                f"{removed} eerdere schaaltest-samenwerkingsverband(en) verwijderd "
                f"({time.perf_counter() - started:.1f} s)."
            )
        try:
            summaries = scale.scale_generate(
                tenants=tenants,
                schools=schools,
                years=options["years"],
                seed=options["seed"],
                prefix=prefix,
                workers=options["workers"] or min(os.cpu_count() or 1, 4),
                progress=self.progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.summary(summaries, time.perf_counter() - started)

    def progress(self, summary: scale.TenantSummary) -> None:
        self.stdout.write(
            f"{summary.code}: {summary.schools} scholen, {summary.pupils} leerlingen, "
            f"{summary.absences} registraties, {summary.opps} OPP's ({summary.seconds:.1f} s)"
        )

    def summary(self, summaries: list[scale.TenantSummary], seconds: float) -> None:
        total = sum(s.records for s in summaries)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {len(summaries)} samenwerkingsverband(en), "
                f"{sum(s.schools for s in summaries)} scholen, "
                f"{sum(s.pupils for s in summaries)} leerlingen, "
                f"{sum(s.absences for s in summaries)} registraties en "
                f"{sum(s.opps for s in summaries)} OPP's ({total} records) "
                f"in {seconds:.1f} s ({total / max(seconds, 1e-9):.0f} records/s)."
            )
        )
