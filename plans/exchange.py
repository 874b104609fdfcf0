"""The plan exchange format ``swvportal.osp/1``: export, validation and import.

The format is documented by its JSON Schema (``plans/schema/osp-1.schema.json``). Validation gives
every problem with the path of the bad field, e.g. ``pijlers[1].doelen[3].stappen[0].schooljaar``,
in Dutch. Import is all or nothing. Export → import → export gives identical output.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from pillars.models import Goal, Pillar, Step
from pillars.timing import FROM_YEAR_LOOKBACK, StepYearProblem, needs_year, step_year_problem
from swvportal.core.schoolyear import parse_start, school_year_label
from swvportal.tenancy.models import Tenant

from .models import (
    ADOPTED_STATUSES,
    Abbreviation,
    ApprovalStep,
    Chapter,
    Plan,
    StrategicTask,
)
from .selectors import plan_tree

SCHEMA_ID = "swvportal.osp/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "osp-1.schema.json"


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


# --- Export ----------------------------------------------------------------------------------


def export_plan(plan: Plan) -> dict[str, Any]:
    tree = plan_tree(plan)
    return {
        "schema": SCHEMA_ID,
        "titel": plan.title,
        "motto": plan.motto,
        "eerste_schooljaar": school_year_label(plan.period_start),
        "versie": plan.version,
        "status": plan.status,
        "vastgesteld_op": _date(plan.adopted_on),
        "verzonden_op": _date(plan.sent_on),
        "strategische_opgaven": [t.text for t in tree.tasks],
        "hoofdstukken": [
            {"titel": c.title, "genummerd": c.numbered, "tekst": c.body} for c in tree.chapters
        ],
        "pijlers": [_export_pillar(p) for p in tree.pillars],
        "afkortingen": [
            {"afkorting": a.abbreviation, "betekenis": a.meaning} for a in tree.abbreviations
        ],
        "goedkeuringen": [
            {
                "orgaan": a.body,
                "soort": a.kind,
                "datum": _date(a.date),
                "uitkomst": a.outcome,
                "toelichting": a.note,
            }
            for a in tree.approvals
        ],
    }


def _export_pillar(pillar: Pillar) -> dict[str, Any]:
    return {
        "titel": pillar.title,
        "inleiding": pillar.introduction,
        "ambitie": pillar.ambition,
        "doelen": [
            {
                "titel": goal.title,
                "omschrijving": goal.description,
                "slottekst": goal.closing,
                "stappen": [
                    {
                        "wanneer": s.timing,
                        "schooljaar": school_year_label(s.school_year) or None,
                        "tekst": s.text,
                    }
                    for s in goal.steps.all()
                ],
            }
            for goal in pillar.goals.all()
        ],
    }


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- Validation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(bestand)'}: {self.message}"


def load(raw: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [Problem("", "het bestand is geen UTF-8-tekst")]
    except json.JSONDecodeError as exc:
        return None, [Problem("", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})")]
    return document, validate(document)


def validate(document: Any) -> list[Problem]:
    problems = [_translate(e) for e in _validator().iter_errors(document)]
    if problems:
        return sorted(set(problems), key=lambda p: p.path)
    return _semantic_problems(document)


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


PATTERN_MESSAGES = {
    "schooljaar": "ongeldig schooljaar {value!r}: schrijf het als 2026-2027",
    "datum": "ongeldige datum {value!r}: schrijf de datum als 2026-04-15",
    "versie": "ongeldige versie {value!r}: schrijf de versie als 4.0",
}
TYPE_NAMES = {
    "string": "tekst",
    "array": "een lijst",
    "object": "een object",
    "boolean": "true of false",
    "null": "leeg (null)",
    "integer": "een getal",
}


def _translate(error: SchemaError) -> Problem:
    path = _path(error.absolute_path)
    value, kind = error.instance, error.validator
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        return Problem(_path([*error.absolute_path, missing[0]]), "dit veld ontbreekt")
    if kind == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = sorted(k for k in value if k not in allowed)
        return Problem(_path([*error.absolute_path, extra[0]]), "onbekend veld")
    if kind == "type":
        return Problem(
            path, f"moet {TYPE_NAMES.get(error.validator_value, error.validator_value)} zijn"
        )
    if kind == "enum":
        return Problem(
            path,
            f"onbekende waarde {value!r}; kies uit: " + ", ".join(map(str, error.validator_value)),
        )
    if kind == "const":
        return Problem(path, f"moet {error.validator_value!r} zijn")
    if kind == "minLength":
        return Problem(path, "mag niet leeg zijn")
    if kind == "maxLength":
        return Problem(path, f"is te lang (hoogstens {error.validator_value} tekens)")
    if kind in ("pattern", "oneOf"):
        field_name = str(error.absolute_path[-1]) if error.absolute_path else ""
        key = (
            "schooljaar"
            if "schooljaar" in field_name
            else "datum"
            if field_name.endswith(("datum", "_op"))
            else "versie"
            if field_name == "versie"
            else None
        )
        if key:
            return Problem(path, PATTERN_MESSAGES[key].format(value=value))
    return Problem(path, "ongeldige waarde")


def _year(label: str | None) -> int | None:
    """``"2026-2027"`` → 2026; None when empty or the two years do not follow each other (the
    schema's pattern has checked the shape already)."""
    if not label:
        return None
    try:
        return parse_start(label)
    except ValidationError:
        return None


def _semantic_problems(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    start = _year(doc["eerste_schooljaar"])
    if start is None:
        problems.append(Problem("eerste_schooljaar", "de twee jaren moeten op elkaar volgen"))
        start = int(doc["eerste_schooljaar"][:4])
    last = start + 3
    for p, pillar in enumerate(doc.get("pijlers", [])):
        for g, goal in enumerate(pillar.get("doelen", [])):
            for s, step in enumerate(goal.get("stappen", [])):
                path = f"pijlers[{p}].doelen[{g}].stappen[{s}].schooljaar"
                problems += _step_problems(step, path, start, last)
    for key in ("vastgesteld_op", "verzonden_op"):
        problems += _date_problems(doc.get(key), key)
    for i, approval in enumerate(doc.get("goedkeuringen", [])):
        problems += _date_problems(approval["datum"], f"goedkeuringen[{i}].datum")
    seen: dict[str, int] = {}
    for i, entry in enumerate(doc.get("afkortingen", [])):
        if entry["afkorting"] in seen:
            problems.append(
                Problem(
                    f"afkortingen[{i}].afkorting",
                    f"staat dubbel (ook op afkortingen[{seen[entry['afkorting']]}])",
                )
            )
        seen.setdefault(entry["afkorting"], i)
    if doc["status"] in ADOPTED_STATUSES and not any(
        a["orgaan"] == "opr" and a["soort"] == "instemming" and a["uitkomst"] == "positief"
        for a in doc.get("goedkeuringen", [])
    ):
        problems.append(
            Problem(
                "status", "een vastgesteld plan vereist de instemming van de OPR in goedkeuringen"
            )
        )
    return problems


def _step_problems(step: dict, path: str, start: int, last: int) -> list[Problem]:
    """The one rule of ``pillars.timing``, in the words of the exchange format."""
    label, timing = step.get("schooljaar"), step["wanneer"]
    year = _year(label)
    if label and year is None and needs_year(timing):
        return [
            Problem(path, f"ongeldig schooljaar {label!r}: de twee jaren moeten op elkaar volgen")
        ]
    if label and not needs_year(timing):
        problem = StepYearProblem.NOT_ALLOWED  # whatever the label says
    else:
        problem = step_year_problem(timing, year, first=start, last=last)
    if problem is None:
        return []
    messages = {
        StepYearProblem.NOT_ALLOWED: (
            "hoort leeg (null) te zijn bij een jaarlijkse of doorlopende stap"
        ),
        StepYearProblem.MISSING: "ontbreekt: bij 'schooljaar' en 'vanaf' hoort een schooljaar",
        StepYearProblem.OUTSIDE: (
            f"{label} valt buiten de planperiode "
            f"{school_year_label(start)} t/m {school_year_label(last)}"
        ),
        StepYearProblem.AFTER: f"{label} ligt na de planperiode",
        StepYearProblem.TOO_EARLY: (
            f"{label} ligt meer dan {FROM_YEAR_LOOKBACK} jaar voor de planperiode"
        ),
    }
    return [Problem(path, messages[problem])]


def _date_problems(value: str | None, path: str) -> list[Problem]:
    if value is None:
        return []
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return [Problem(path, f"{value!r} is geen bestaande datum")]
    return []


# --- Import ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    counts: dict[str, int] = field(default_factory=dict)
    committed: bool = False


def import_plan(*, tenant: Tenant, document: dict[str, Any], commit: bool, by=None) -> ImportResult:
    """Check ``document`` and, with ``commit``, save it as a new plan version. All or nothing."""
    result = ImportResult(problems=validate(document))
    if result.problems:
        return result
    major, minor = (int(x) for x in document["versie"].split("."))
    start = _year(document["eerste_schooljaar"])
    existing = Plan.objects.filter(title=document["titel"], period_start=start).first()
    if (
        existing
        and Plan.objects.filter(
            lineage=existing.lineage, version_major=major, version_minor=minor
        ).exists()
    ):
        result.problems.append(
            Problem(
                "versie",
                f"versie {document['versie']} van dit plan bestaat al in dit samenwerkingsverband",
            )
        )
        return result
    with transaction.atomic():
        plan = _create(tenant, document, start, major, minor, existing, by)
        result.counts = _counts(document)
        if not commit:
            transaction.set_rollback(True)
            return result
    result.plan, result.committed = plan, True
    return result


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    goals = [g for p in doc.get("pijlers", []) for g in p.get("doelen", [])]
    return {
        "hoofdstukken": len(doc.get("hoofdstukken", [])),
        "pijlers": len(doc.get("pijlers", [])),
        "doelen": len(goals),
        "stappen": sum(len(g.get("stappen", [])) for g in goals),
        "afkortingen": len(doc.get("afkortingen", [])),
        "goedkeuringen": len(doc.get("goedkeuringen", [])),
    }


def _create(tenant, doc, start, major, minor, existing, by) -> Plan:
    plan = Plan.objects.create(
        tenant=tenant,
        title=doc["titel"],
        motto=doc.get("motto", ""),
        period_start=start,
        version_major=major,
        version_minor=minor,
        status=doc["status"],
        adopted_on=_parse_date(doc.get("vastgesteld_op")),
        sent_on=_parse_date(doc.get("verzonden_op")),
        **({"lineage": existing.lineage} if existing else {}),
    )
    common = {"tenant": tenant, "plan": plan, "updated_by": by}
    for i, text in enumerate(doc.get("strategische_opgaven", []), start=1):
        StrategicTask.objects.create(position=i, text=text, **common)
    for i, c in enumerate(doc.get("hoofdstukken", []), start=1):
        Chapter.objects.create(
            position=i,
            title=c["titel"],
            numbered=c.get("genummerd", True),
            body=c.get("tekst", ""),
            **common,
        )
    for i, p in enumerate(doc.get("pijlers", []), start=1):
        pillar = Pillar.objects.create(
            position=i,
            title=p["titel"],
            introduction=p.get("inleiding", ""),
            ambition=p.get("ambitie", ""),
            **common,
        )
        for j, g in enumerate(p.get("doelen", []), start=1):
            goal = Goal.objects.create(
                position=j,
                pillar=pillar,
                title=g["titel"],
                description=g.get("omschrijving", ""),
                closing=g.get("slottekst", ""),
                **common,
            )
            for k, s in enumerate(g.get("stappen", []), start=1):
                Step.objects.create(
                    position=k,
                    goal=goal,
                    timing=s["wanneer"],
                    school_year=_year(s.get("schooljaar")),
                    text=s["tekst"],
                    **common,
                )
    for i, a in enumerate(doc.get("afkortingen", []), start=1):
        Abbreviation.objects.create(
            position=i, abbreviation=a["afkorting"], meaning=a["betekenis"], **common
        )
    for i, a in enumerate(doc.get("goedkeuringen", []), start=1):
        ApprovalStep.objects.create(
            position=i,
            body=a["orgaan"],
            kind=a["soort"],
            date=_parse_date(a["datum"]),
            outcome=a["uitkomst"],
            note=a.get("toelichting", ""),
            **common,
        )
    return plan


def _parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
