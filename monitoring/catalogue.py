"""The indicator catalogue's exchange notation (``swvportal.indicators/1``) for norms.

A norm in a catalogue file reads like ``{"soort": "percentage", "minimum": 95}`` or
``{"soort": "mijlpaal", "schooljaar": "2026-2027"}``; ``norm_from_document`` turns it into a
``monitoring.norms.Norm`` or raises ``ValueError`` with a Dutch reason.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from swvportal.core.schoolyear import SchoolYear

from .norms import Norm, NormKind

KEYS = {"soort", "minimum", "maximum", "richting", "schooljaar"}


def norm_from_document(document: dict[str, Any]) -> Norm:
    unknown = set(document) - KEYS
    if unknown:
        raise ValueError(f"onbekende sleutel(s) in de norm: {', '.join(sorted(unknown))}")
    try:
        kind = NormKind(document.get("soort"))
    except ValueError:
        raise ValueError(
            f"onbekende soort norm {document.get('soort')!r}; kies uit: "
            + ", ".join(k.value for k in NormKind)
        ) from None
    return Norm(
        kind=kind,
        minimum=_number(document.get("minimum"), "minimum"),
        maximum=_number(document.get("maximum"), "maximum"),
        direction=document.get("richting"),
        target_year=_first_year(document.get("schooljaar")),
    )


def _number(value: Any, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{name} is geen getal: {value!r}") from None


def _first_year(label: Any) -> int | None:
    if label is None:
        return None
    try:
        year = SchoolYear.parse(str(label))
    except ValidationError:
        year = None
    if year is None or not 2000 <= year.start <= 2099:  # the catalogue's years are 20xx
        raise ValueError(f"ongeldig schooljaar {label!r}: schrijf het als 2026-2027")
    return year.start


INDICATOR_KEYS = {
    "pijler",
    "doel",
    "groep",
    "kernindicator",
    "norm_tekst",
    "norm",
    "rapportage",
    "bron",
    "berekening",
    "antwoord",
    "eenheid",
    "toelichting",
    "in_bijlage",  # false: on the dashboard only, not in the plan's Bijlage 4
}


def indicator_fields_from_document(document: dict[str, Any], position: int) -> dict[str, Any]:
    """The model fields of one catalogue row (``doel`` is resolved by the caller)."""
    unknown = set(document) - INDICATOR_KEYS
    if unknown:
        raise ValueError(f"onbekende sleutel(s): {', '.join(sorted(unknown))}")
    norm = norm_from_document(document.get("norm") or {})
    return {
        "position": position,
        "pillar_number": int(document["pijler"]),
        "group": document.get("groep") or "",
        "text": document["kernindicator"],
        "norm_text": document["norm_tekst"],
        "norm_kind": norm.kind.value,
        "norm_minimum": norm.minimum,
        "norm_maximum": norm.maximum,
        "norm_direction": norm.direction or "",
        "norm_target_year": norm.target_year,
        "frequency": document["rapportage"],
        "source": document["bron"],
        "calculation": document.get("berekening") or "",
        "answer_kind": document.get("antwoord") or "",
        "unit": document["eenheid"],
        "note": document.get("toelichting") or "",
        "in_plan": bool(document.get("in_bijlage", True)),
    }
