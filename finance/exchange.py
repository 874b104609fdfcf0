"""The begroting's exchange format ``swvportal.begroting/1`` (JSON): export, validation, import;
and the face of the exchange for views and commands (the Excel side is ``exchange_xlsx``).

A document is the *content* of one version: title, first and last calendar year, the opening
reserve, the note, and the lines per group in order (title, note, forecast, source, whole euros
per year; sub-lines nested under their line). No ids, status, version, tenant or export date, so
export → import into another tenant → export gives the same bytes. Totals, totale lasten and the
resultaat are never in it: the portal derives them (``rules.build_table``).

The JSON Schema (``finance/schema/begroting-1.schema.json``) says the shape; ``validate`` adds what
a schema cannot say (years inside the range, a line with sub-lines or with amounts from the
vangnet has no amounts of its own, at most ``services.MAX_YEARS`` years). Every problem names the
path of the bad field in Dutch (``regels[3].bedragen.2026: …``). An import makes a new concept
begroting, all or nothing; a dry run makes it inside a transaction that is rolled back, so the
services' own rules are checked too and nothing is saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from swvportal.tenancy.models import Tenant

from . import rules, services
from .models import Begroting, Forecast, LineGroup, LineSource
from .selectors import begroting_lines, begroting_table

SCHEMA_ID = "swvportal.begroting/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "begroting-1.schema.json"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
MAX_FILE_BYTES = 5 * 1024 * 1024
GROUP_ORDER = [group.value for group in rules.GROUPS]


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


# --- Export ----------------------------------------------------------------------------------


def export_begroting(begroting: Begroting) -> dict[str, Any]:
    """The document of one version, in a fixed number of queries (lines, amounts)."""
    return export_with_table(begroting)[0]


def export_with_table(begroting: Begroting) -> tuple[dict[str, Any], rules.Table]:
    """The document and the version's table it was made from (as the page shows it)."""
    table = begroting_table(begroting, lines=begroting_lines(begroting))
    regels: list[dict[str, Any]] = []
    for row in table.rows():
        if row.depth == 0:
            regels.append({"groep": row.line.group, **_line(row), "subregels": []})
        else:
            regels[-1]["subregels"].append(_line(row))
    document = {
        "schema": SCHEMA_ID,
        "titel": begroting.title,
        "eerste_jaar": begroting.first_year,
        "laatste_jaar": begroting.last_year,
        "eigen_vermogen_bij_start": begroting.opening_reserve,
        "toelichting": begroting.note,
        "regels": regels,
    }
    return document, table


def _line(row: rules.Row) -> dict[str, Any]:
    """A row's own fields; only a typed line (no sub-lines, not from the vangnet) has amounts."""
    amounts = {str(year): row.amounts[year] for year in sorted(row.amounts)} if row.typed else {}
    return {
        "titel": row.line.title,
        "toelichting": row.line.note,
        "prognose": row.line.forecast,
        "bron": row.line.source,
        "bedragen": amounts,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_filename(begroting: Begroting, extension: str) -> str:
    return (
        f"begroting-{begroting.tenant.code}-{begroting.first_year}-{begroting.last_year}"
        f"-v{begroting.version}.{extension}"
    )


# --- Problems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """What is wrong and where: a JSON path (``regels[3].bedragen.2026``) or a row ("Rij 7")."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where or '(bestand)'}: {self.message}"


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


TYPE_NAMES = {"string": "tekst", "array": "een lijst", "object": "een object"}
YEAR_TYPE = (
    "{value!r} is geen jaartal: schrijf een geheel getal zonder aanhalingstekens, bijvoorbeeld 2026"
)
EUROS_TYPE = (
    "{value!r} is geen bedrag in hele euro's: schrijf een geheel getal zonder punten, komma's en "
    "aanhalingstekens, bijvoorbeeld 1234567"
)


def _translate(error: SchemaError) -> Problem:
    parts = list(error.absolute_path)
    path, value, kind = _path(parts), error.instance, error.validator
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        return Problem(_path([*parts, missing[0]]), "dit veld ontbreekt")
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = error.schema.get("properties", {})
        extra = sorted(k for k in value if k not in allowed)
        if extra:
            return Problem(_path([*parts, extra[0]]), "onbekend veld")
    if kind == "pattern" and parts and parts[-1] == "bedragen":  # propertyNames of the amounts
        return Problem(
            _path([*parts, str(value)]),
            f'{value!r} is geen kalenderjaar: schrijf het jaar als "2026"',
        )
    if kind == "type":
        if error.validator_value == "integer":
            year_field = bool(parts) and parts[-1] in ("eerste_jaar", "laatste_jaar")
            return Problem(path, (YEAR_TYPE if year_field else EUROS_TYPE).format(value=value))
        wanted = TYPE_NAMES.get(error.validator_value, error.validator_value)
        return Problem(path, f"moet {wanted} zijn, niet {value!r}")
    if kind == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return Problem(path, f"onbekende waarde {value!r}; kies uit: {options}")
    if kind == "const":
        return Problem(path, f"moet {error.validator_value!r} zijn")
    if kind == "minLength":
        return Problem(path, "mag niet leeg zijn")
    if kind == "maxLength":
        return Problem(path, f"is te lang (hoogstens {error.validator_value} tekens)")
    if kind in ("minimum", "maximum"):
        if parts and parts[-1] in ("eerste_jaar", "laatste_jaar"):
            return Problem(path, f"{value} is geen kalenderjaar tussen 2000 en 2099")
        return Problem(path, f"het bedrag {value} is te groot voor een begrotingsregel")
    if kind == "maxItems":
        return Problem(path, f"te veel regels (hoogstens {error.validator_value})")
    return Problem(path, "ongeldige waarde")


def load(raw: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The document in ``raw`` (UTF-8 JSON) and its problems."""
    document, problems = parse(raw)
    return document, problems or validate(document)


def parse(raw: bytes) -> tuple[Any, list[Problem]]:
    """The JSON in ``raw``, or why it is none (nothing about its shape yet)."""
    try:
        return json.loads(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        return None, [Problem("", "het bestand is geen UTF-8-tekst")]
    except json.JSONDecodeError as exc:
        return None, [Problem("", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})")]


def validate(document: Any) -> list[Problem]:
    """Schema first (every problem, sorted by path); only a document of the right shape gets
    the rules the schema cannot say."""
    problems = {_translate(e) for e in validator().iter_errors(document)}
    if problems:
        return sorted(problems, key=lambda p: p.where)
    return _rule_problems(document)


def _rule_problems(doc: dict[str, Any]) -> list[Problem]:
    first, last = doc["eerste_jaar"], doc["laatste_jaar"]
    if last < first:
        return [Problem("laatste_jaar", f"{last} ligt voor het eerste jaar {first}")]
    if last - first + 1 > services.MAX_YEARS:
        return [
            Problem(
                "laatste_jaar",
                f"een meerjarenbegroting beslaat ten hoogste {services.MAX_YEARS} jaar "
                f"({first} t/m {last} is {last - first + 1} jaar)",
            )
        ]
    problems: list[Problem] = []
    for i, regel in enumerate(doc["regels"]):
        path = f"regels[{i}]"
        subs = regel.get("subregels", [])
        problems += _line_problems(regel, path, first, last, has_children=bool(subs))
        if subs and regel.get("bron"):
            problems.append(
                Problem(
                    f"{path}.bron", "een regel met bedragen uit het vangnet heeft geen subregels"
                )
            )
        for j, sub in enumerate(subs):
            problems += _line_problems(sub, f"{path}.subregels[{j}]", first, last)
    return problems


def _line_problems(
    line: dict[str, Any], path: str, first: int, last: int, *, has_children: bool = False
) -> list[Problem]:
    problems = []
    if not line["titel"].strip():
        problems.append(Problem(f"{path}.titel", "mag niet leeg zijn"))
    amounts = line["bedragen"]
    if amounts and has_children:
        problems.append(
            Problem(
                f"{path}.bedragen",
                "een regel met subregels heeft geen eigen bedragen (haar bedrag is de som van "
                "de subregels): laat bedragen leeg ({})",
            )
        )
    elif amounts and line.get("bron") == LineSource.VANGNET:
        problems.append(
            Problem(
                f"{path}.bedragen",
                "de bedragen van deze regel komen uit de goedgekeurde vangnetdeclaraties: laat "
                "bedragen leeg ({})",
            )
        )
    for year in sorted(amounts):
        if not first <= int(year) <= last:
            problems.append(
                Problem(
                    f"{path}.bedragen.{year}",
                    f"{year} valt buiten de begroting ({first} t/m {last})",
                )
            )
    return problems


# --- What a document would make ---------------------------------------------------------------


def document_table(doc: dict[str, Any], *, shown: dict[int, dict[int, int]] | None = None):
    """The table the document makes (``rules.build_table``; line ids count from 1 in the
    document's order). ``shown``: amounts per line id instead of the document's (the Excel
    check of a file's own totals)."""
    years = list(range(doc["eerste_jaar"], doc["laatste_jaar"] + 1))
    lines, amounts = [], {}
    for line_id, (line, group, parent_id) in enumerate(_walk(doc), start=1):
        lines.append(
            rules.LineData(
                id=line_id,
                group=group,
                title=line["titel"].strip(),
                parent_id=parent_id,
                position=line_id,
                note=line.get("toelichting", ""),
                forecast=line.get("prognose", ""),
                source=line.get("bron", ""),
            )
        )
        own = (shown or {}).get(line_id) or {int(y): int(v) for y, v in line["bedragen"].items()}
        amounts.update({(line_id, year): value for year, value in own.items()})
    return rules.build_table(years, lines, amounts)


def _walk(doc: dict[str, Any]):
    """(line, group, parent's id) in the document's order, ids counting from 1."""
    line_id = 0
    for regel in doc["regels"]:
        line_id += 1
        parent = line_id
        yield regel, regel["groep"], None
        for sub in regel.get("subregels", []):
            line_id += 1
            yield sub, regel["groep"], parent


@dataclass
class Outcome:
    """A file read (and, with ``committed``, saved as ``begroting``)."""

    kind: str  # "json" or "xlsx"
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document: dict[str, Any] | None = None
    begroting: Begroting | None = None
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and self.document is not None

    @property
    def table(self) -> rules.Table | None:
        return document_table(self.document) if self.ok else None

    @property
    def counts(self) -> dict[str, tuple[int, int]]:
        """Per group label: (lines, sub-lines)."""
        found = {LineGroup(group).label: [0, 0] for group in GROUP_ORDER}
        for regel in (self.document or {}).get("regels", []):
            count = found[LineGroup(regel["groep"]).label]
            count[0] += 1
            count[1] += len(regel.get("subregels", []))
        return {label: (n, subs) for label, (n, subs) in found.items()}

    @property
    def summary(self) -> str:
        doc = self.document or {}
        parts = [
            f"{lines} {'regel' if lines == 1 else 'regels'} bij {label.lower()}"
            + (f" (met {subs} subregels)" if subs else "")
            for label, (lines, subs) in self.counts.items()
        ]
        return (
            f"{doc.get('titel', '')} {doc.get('eerste_jaar')}–{doc.get('laatste_jaar')}: "
            + ", ".join(parts)
        )


Locate = Callable[[Problem], Problem]


def import_document(
    *,
    tenant: Tenant,
    outcome: Outcome,
    commit: bool,
    by=None,
    locate: Locate | None = None,
) -> Outcome:
    """Check ``outcome.document`` and make it a new concept begroting of ``tenant``; without
    ``commit`` (the dry run) inside a transaction that is rolled back. All or nothing.
    ``locate`` names a problem's place the way the file does (Excel: its row)."""
    place = locate or (lambda problem: problem)
    if outcome.document is not None and not outcome.problems:
        outcome.problems = [place(p) for p in validate(outcome.document)]
    if not outcome.ok:
        return outcome
    with transaction.atomic():
        try:
            begroting = _create(tenant, outcome.document, by)
        except _LineRefused as refused:
            outcome.problems = [place(refused.problem)]
            transaction.set_rollback(True)
            return outcome
        if not commit:
            transaction.set_rollback(True)
            return outcome
    outcome.begroting, outcome.committed = begroting, True
    return outcome


class _LineRefused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _refused(path: str, exc: ValidationError) -> _LineRefused:
    return _LineRefused(Problem(path, " ".join(exc.messages)))


def _create(tenant: Tenant, doc: dict[str, Any], by) -> Begroting:
    try:
        begroting = services.begroting_create(
            tenant=tenant,
            first_year=doc["eerste_jaar"],
            last_year=doc["laatste_jaar"],
            title=doc["titel"].strip(),
            opening_reserve=doc.get("eigen_vermogen_bij_start", 0),
            note=doc.get("toelichting", ""),
            by=by,
        )
    except ValidationError as exc:
        raise _refused("", exc) from None
    for i, regel in enumerate(doc["regels"]):
        parent = _make_line(begroting, regel, regel["groep"], None, f"regels[{i}]", by)
        for j, sub in enumerate(regel.get("subregels", [])):
            _make_line(begroting, sub, regel["groep"], parent, f"regels[{i}].subregels[{j}]", by)
    return begroting


def _make_line(begroting, line: dict[str, Any], group: str, parent, path: str, by):
    amounts = {int(year): int(value) for year, value in line["bedragen"].items()}
    try:
        return services.line_create(
            begroting=begroting,
            group=group,
            title=line["titel"],
            parent=parent,
            note=line.get("toelichting", ""),
            forecast=line.get("prognose", ""),
            source=line.get("bron", ""),
            amounts=amounts or None,
            by=by,
        )
    except ValidationError as exc:
        raise _refused(path, exc) from None


# --- Reading a file, whatever its kind --------------------------------------------------------


class FileRefused(Exception):
    """The file as a whole cannot be read (empty, too large, neither .xlsx nor JSON)."""


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls)


def file_kind(raw: bytes) -> str:
    """ "xlsx" or "json" by the file's content (never by its name), or ``FileRefused``."""
    if not raw.strip():
        raise FileRefused("Het bestand is leeg. Kies een Excel- of JSON-bestand met de begroting.")
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(
            f"Het bestand is {len(raw) / 2**20:.1f} MB groot. Een begroting mag hoogstens "
            f"{MAX_FILE_BYTES // 2**20} MB zijn."
        )
    if raw.startswith(OLE_MAGIC):
        raise FileRefused(
            "Dit is een Excel-bestand in de oude indeling (.xls). Sla het in Excel op als "
            "'Excel-werkmap (.xlsx)' en kies het opnieuw."
        )
    if raw.startswith(ZIP_MAGIC):
        return "xlsx"
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    raise FileRefused(
        "De inhoud van dit bestand is geen Excel-werkmap (.xlsx) en geen JSON, wat de naam ook "
        "zegt. Kies een export van een begroting, of een Excel-bestand in dezelfde indeling."
    )


def read_file(*, tenant: Tenant, raw: bytes, commit: bool, by=None) -> Outcome:
    """Read an .xlsx or JSON file and import it (a dry run unless ``commit``): the one call of
    the import page and the command. ``FileRefused`` when the file as a whole is unreadable."""
    from .exchange_xlsx_read import read_workbook

    if file_kind(raw) == "json":
        document, problems = parse(raw)  # ``import_document`` validates it
        outcome = Outcome("json", problems=problems, document=document)
        return import_document(tenant=tenant, outcome=outcome, commit=commit, by=by)
    reading = read_workbook(raw)
    return import_document(
        tenant=tenant, outcome=reading.outcome, commit=commit, by=by, locate=reading.locate
    )


FORECAST_LABELS = {value: label for value, label in Forecast.choices if value}
SOURCE_LABELS = {value: label for value, label in LineSource.choices if value}
