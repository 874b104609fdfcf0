"""Small helpers shared by management commands."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .imports import ImportReport


def read_input_file(path: Path) -> bytes:
    """The file's bytes, or a Dutch ``CommandError`` that says why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Het bestand {path} kan niet worden gelezen: {exc.strerror}.") from None


def write_import_report(command: BaseCommand, report: ImportReport, *, saved_for: str) -> None:
    """Row errors on stderr and a Dutch CommandError, or the summary of the dry run or commit."""
    if report.errors:
        for error in report.errors:
            command.stderr.write(f"Fout op {error}")
        raise CommandError(
            f"Niets ingelezen: {len(report.errors)} van de {report.rows} regels hebben fouten."
        )
    summary = f"{report.new} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd"
    if report.committed:
        command.stdout.write(command.style.SUCCESS(f"Opgeslagen voor {saved_for}: {summary}."))
    else:
        command.stdout.write(
            f"Proefrun zonder fouten ({summary}). Voeg --commit toe om op te slaan."
        )
