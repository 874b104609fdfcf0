"""``manage.py render_pdf <type> --tenant CODE [the type's options] --out FILE``.

Any registered document type (``documents.registry``): ``osp`` takes ``--version``,
``monitoring`` takes ``--peildatum``; each type turns its options into its parameters
(``from_options``). Goes through ``document_issue`` like the "PDF maken" button: an archived
document comes out unchanged every time after the first.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from swvportal.documents import registry
from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import document_issue
from swvportal.tenancy.scoping import tenant_for_command, tenant_scope


class Command(BaseCommand):
    help = (
        "Maak de PDF van een soort document (bijvoorbeeld osp of monitoring) en schrijf die naar "
        "een bestand. Een gearchiveerde PDF (van een vastgestelde versie) komt daarna steeds "
        "precies hetzelfde terug."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        # --version names the plan version here; it replaces Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        kinds = [t.key for t in registry.all_types() if t.from_options is not None]
        parser.add_argument("kind", choices=kinds, help=" of ".join(kinds) + ".")
        parser.add_argument("--tenant", required=True, help="Code, bijvoorbeeld VO0001.")
        for flag, (dest, text) in _options().items():
            parser.add_argument(flag, dest=dest, help=text)
        parser.add_argument("--out", required=True, type=Path, help="Het bestand om te schrijven.")

    def handle(self, *args, kind: str, tenant: str, **options) -> None:
        document_type = registry.get(kind)
        _refuse_foreign_options(document_type, options)
        found = tenant_for_command(tenant)
        with tenant_scope(found), _quiet_libraries(options["verbosity"] < 2):
            params = document_type.from_options(found, options)
            document = self._issue(found, kind, params)
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

    def _issue(self, tenant, kind: str, params: dict) -> IssuedDocument:
        try:
            return document_issue(tenant=tenant, kind=kind, **params)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None


def _options() -> dict[str, tuple[str, str]]:
    """Every type's options, once each: ``{"--version": ("plan_version", "osp: …")}``."""
    found: dict[str, tuple[str, str]] = {}
    for document_type in registry.all_types():
        for option in document_type.options:
            found.setdefault(option.flag, (option.dest, option.help))
    return found


def _refuse_foreign_options(document_type: registry.DocumentType, options: dict) -> None:
    """``--peildatum`` with osp: "--peildatum hoort bij monitoring, niet bij osp"."""
    own = {option.flag for option in document_type.options}
    for flag, (dest, _text) in _options().items():
        if flag in own or options.get(dest) is None:
            continue
        owners = [t.key for t in registry.all_types() if flag in {o.flag for o in t.options}]
        raise CommandError(f"{flag} hoort bij {' of '.join(owners)}, niet bij {document_type.key}.")


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
