"""The catalogue notation for norms, and the demo catalogue transcribed from Bijlage 4."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from monitoring.catalogue import norm_from_document
from monitoring.norms import Norm, NormKind

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.mark.parametrize(
    ("document", "norm"),
    [
        ({"soort": "percentage", "minimum": 95}, Norm(NormKind.PERCENTAGE, minimum=Decimal(95))),
        (
            {"soort": "percentage", "minimum": 100, "schooljaar": "2027-2028"},
            Norm(NormKind.PERCENTAGE, minimum=Decimal(100), target_year=2027),
        ),
        ({"soort": "trend", "richting": "dalend"}, Norm(NormKind.TREND, direction="dalend")),
        (
            {"soort": "mijlpaal", "schooljaar": "2026-2027"},
            Norm(NormKind.MILESTONE, target_year=2026),
        ),
        (
            {"soort": "aantal", "minimum": 3, "maximum": 5},
            Norm(NormKind.COUNT, minimum=Decimal(3), maximum=Decimal(5)),
        ),
        ({"soort": "score", "minimum": 7}, Norm(NormKind.SCORE, minimum=Decimal(7))),
        ({"soort": "inzicht"}, Norm(NormKind.INSIGHT)),
    ],
)
def test_norm_documents(document, norm):
    assert norm_from_document(document) == norm


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"soort": "gevoel"}, "onbekende soort norm 'gevoel'"),
        ({"soort": "percentage", "minimum": "veel"}, "minimum is geen getal"),
        ({"soort": "mijlpaal", "schooljaar": "2027/28"}, "ongeldig schooljaar"),
        ({"soort": "mijlpaal", "schooljaar": "2027-2029"}, "ongeldig schooljaar"),
        ({"soort": "trend", "richting": "dalend", "kleur": "rood"}, "onbekende sleutel"),
        ({"soort": "percentage"}, "minimum nodig"),
    ],
)
def test_bad_norm_documents_say_why(document, message):
    with pytest.raises(ValueError, match=message):
        norm_from_document(document)


def _plan_goals() -> dict[int, set[str]]:
    plan = json.loads((FIXTURES / "refsvo_osp_2026_2030.json").read_text(encoding="utf-8"))
    return {i: {g["titel"] for g in p["doelen"]} for i, p in enumerate(plan["pijlers"], start=1)}


def test_the_demo_catalogue_has_every_bijlage_4_row_with_a_valid_norm():
    catalogue = json.loads((FIXTURES / "refsvo_bijlage4.json").read_text(encoding="utf-8"))
    rows = catalogue["indicatoren"]
    assert catalogue["schema"] == "swvportal.indicators/1"
    assert [sum(r["pijler"] == p for r in rows) for p in (1, 2, 3)] == [11, 18, 14]
    goals = _plan_goals()
    for row in rows:
        norm_from_document(row["norm"])  # raises on an impossible norm
        assert row["doel"] is None or row["doel"] in goals[row["pijler"]], row["doel"]
        assert row["rapportage"] in {"jaarlijks", "2x per jaar", "tweejaarlijks", "eenmalig"}
        assert row["bron"] in {"berekend", "school", "swv"}
        assert row["kernindicator"] and row["norm_tekst"]
    # Spot checks against the seed's tables.
    by_text = {r["kernindicator"]: r for r in rows}
    registration = by_text["Betrouwbaarheid registratie in Kindkans"]
    assert norm_from_document(registration["norm"]) == Norm(
        NormKind.PERCENTAGE, minimum=Decimal(95)
    )
    assert by_text["Aantal actieve netwerkgroepen"]["norm"] == {
        "soort": "aantal",
        "minimum": 3,
        "maximum": 5,
    }
    assert by_text["Leerlingen ondertekenen OPP"]["bron"] == "berekend"
