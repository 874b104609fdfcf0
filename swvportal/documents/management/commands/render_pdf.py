"""``manage.py render_pdf osp|monitoring --tenant CODE … --out FILE``: a PDF from the command line.

Goes through ``document_issue`` like the "PDF maken" button: an adopted plan's PDF is archived
the first time and the same file comes out every time after.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from swvportal.documents.models import DocumentKind, IssuedDocument
from swvportal.documents.selectors import default_peildatum, plan_for_pdf
from swvportal.documents.services import document_issue
from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope

VERSION_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")


def parse_version(raw: str | None) -> tuple[int, int] | None:
    if raw is None:
        return None
    match = VERSION_RE.match(raw.strip())
    if match is None:
        raise CommandError(f"Ongeldige versie {raw!r}: schrijf bijvoorbeeld 4.0.")
    return int(match[1]), int(match[2])


def parse_date(raw: str | None) -> datetime.date | None:
    if raw is None:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"Ongeldige peildatum {raw!r}: schrijf jjjj-mm-dd.") from None


class Command(BaseCommand):
    help = (
        "Maak de PDF van het ondersteuningsplan (osp) of van de monitoringsrapportage (monitoring) "
        "en schrijf die naar een bestand. De PDF van een vastgestelde versie wordt gearchiveerd; "
        "daarna komt steeds precies hetzelfde bestand terug."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        # --version names the plan version here; it replaces Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=DocumentKind.values, help="osp of monitoring.")
        parser.add_argument("--tenant", required=True, help="Code, bijvoorbeeld VO0001.")
        parser.add_argument(
            "--version",
            dest="plan_version",
            help="osp: de versie, bijvoorbeeld 4.0 (standaard de nieuwste vastgestelde versie, "
            "anders de nieuwste).",
        )
        parser.add_argument(
            "--peildatum",
            help="monitoring: jjjj-mm-dd (standaard de laatste peildatum met cijfers, "
            "anders vandaag).",
        )
        parser.add_argument("--out", required=True, type=Path, help="Het bestand om te schrijven.")

    def handle(self, *args, kind: str, tenant: str, **options) -> None:
        version = parse_version(options["plan_version"])
        peildatum = parse_date(options["peildatum"])
        if kind == DocumentKind.OSP and peildatum is not None:
            raise CommandError("--peildatum hoort bij monitoring, niet bij osp.")
        if kind == DocumentKind.MONITORING and version is not None:
            raise CommandError("--version hoort bij osp, niet bij monitoring.")
        found = tenant_for_command(tenant)
        with tenant_scope(found), _quiet_libraries(options["verbosity"] < 2):
            document = self._issue(found, kind, version, peildatum)
            content = _read(document)
        out: Path = options["out"]
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan {out} niet schrijven: {exc.strerror}.") from None
        state = "gearchiveerd" if document.archived else "niet gearchiveerd"
        self.stdout.write(
            self.style.SUCCESS(
                f"{document.title} ({state}) geschreven naar {out}: {document.size} bytes, "
                f"SHA-256 {document.sha256}."
            )
        )

    def _issue(
        self,
        tenant: Tenant,
        kind: str,
        version: tuple[int, int] | None,
        peildatum: datetime.date | None,
    ) -> IssuedDocument:
        plan = None
        if kind == DocumentKind.OSP:
            plan = plan_for_pdf(tenant=tenant, version=version)
            if plan is None:
                raise CommandError(
                    f"Versie {version[0]}.{version[1]} van het ondersteuningsplan bestaat niet "
                    f"bij {tenant.code}."
                    if version
                    else f"{tenant.code} heeft nog geen ondersteuningsplan."
                )
        else:
            peildatum = peildatum or default_peildatum(tenant=tenant)
        try:
            return document_issue(tenant=tenant, kind=kind, plan=plan, peildatum=peildatum)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None


# WeasyPrint logs every rendering step at INFO and fontTools every subset; -v 2 shows them.
CHATTY_LOGGERS = ("weasyprint", "fontTools")


@contextlib.contextmanager
def _quiet_libraries(quiet: bool) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS] if quiet else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.level, logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _read(document: IssuedDocument) -> bytes:
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise CommandError(
            f"Het bestand van {document.title} ontbreekt in de opslag ({document.file.name})."
        ) from None
