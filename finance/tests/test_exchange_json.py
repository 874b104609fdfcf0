"""The exchange format ``swvportal.begroting/1``: export → import into another tenant → export
gives the same bytes and the same table; a malformed document is refused with the path of the
bad field, and nothing is saved."""

from __future__ import annotations

import copy
import json

import pytest
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .. import exchange
from ..models import Begroting, BudgetAmount, BudgetLine, LineGroup
from .builders import a_begroting, line_titled
from .exchange_support import demo_in, table_values

pytestmark = pytest.mark.django_db


def _export(begroting: Begroting) -> str:
    with scope(tenant=begroting.tenant):
        return exchange.dumps(exchange.export_begroting(begroting))


def _import(tenant, raw: bytes, *, commit: bool) -> exchange.Outcome:
    with scope(tenant=tenant):
        return exchange.read_file(tenant=tenant, raw=raw, commit=commit)


def _saved(tenant) -> int:
    with scopes_disabled():
        return sum(m.objects.filter(tenant=tenant).count() for m in (Begroting, BudgetLine))


@pytest.mark.parametrize("version", ["adopted", "concept"])
def test_export_import_export_gives_the_same_bytes_and_table(world, version):
    adopted, concept = demo_in(world.tenant_a)
    begroting = adopted if version == "adopted" else concept
    first = _export(begroting)
    outcome = _import(world.tenant_b, first.encode("utf-8"), commit=True)
    assert outcome.committed and outcome.problems == [] and outcome.warnings == []
    copied = outcome.begroting
    assert copied.tenant == world.tenant_b and copied.is_editable
    assert _export(copied) == first
    assert table_values(copied) == table_values(begroting)
    assert copied.opening_reserve == begroting.opening_reserve and copied.note == begroting.note


def test_the_document_holds_the_content_only(world):
    adopted, _concept = demo_in(world.tenant_a)
    document = json.loads(_export(adopted))
    assert list(document) == [
        "schema", "titel", "eerste_jaar", "laatste_jaar", "eigen_vermogen_bij_start",
        "toelichting", "regels",
    ]  # fmt: skip
    assert document["schema"] == "swvportal.begroting/1"
    text = _export(adopted)
    for absent in ("VOA001", "Alfa", "vastgesteld", '"versie"', '"status"', '"id"', "2024-11"):
        assert absent not in text
    first = document["regels"][0]
    assert first == {
        "groep": "baten",
        "titel": "Lichte ondersteuning",
        "toelichting": "",
        "prognose": "",
        "bron": "",
        "bedragen": {"2025": 2719825, "2026": 2893287, "2027": 2863492, "2028": 2848661,
                     "2029": 2860953},
        "subregels": [],
    }  # fmt: skip
    assert [r["groep"] for r in document["regels"]] == ["baten"] * 6 + ["afdrachten"] * 3 + [
        "programmas"
    ] * 5
    assert exchange.validate(document) == []


def test_sub_lines_are_nested_and_their_parent_has_no_amounts_of_its_own(world):
    from .. import services

    begroting = a_begroting(world.tenant_a)
    loket = line_titled(begroting, "Programma 3 Loket")
    with scope(tenant=world.tenant_a):
        services.line_create(
            begroting=begroting, group=LineGroup.PROGRAMMES, title="Personeel", parent=loket,
            amounts={2025: 150_000, 2026: 150_000, 2027: 150_000},
        )  # fmt: skip
        services.line_create(
            begroting=begroting, group=LineGroup.PROGRAMMES, title="Huisvesting", parent=loket,
            note="Huur van het pand", amounts={2025: 50_000},
        )  # fmt: skip
    document = json.loads(_export(begroting))
    entry = next(r for r in document["regels"] if r["titel"] == "Programma 3 Loket")
    assert entry["bedragen"] == {}
    assert [s["titel"] for s in entry["subregels"]] == ["Personeel", "Huisvesting"]
    assert entry["subregels"][1]["bedragen"] == {"2025": 50_000, "2026": 0, "2027": 0}
    outcome = _import(world.tenant_b, _export(begroting).encode(), commit=True)
    assert _export(outcome.begroting) == _export(begroting)
    assert table_values(outcome.begroting) == table_values(begroting)


def _document() -> dict:
    return {
        "schema": "swvportal.begroting/1",
        "titel": "Meerjarenbegroting",
        "eerste_jaar": 2026,
        "laatste_jaar": 2028,
        "regels": [
            {"groep": "baten", "titel": "Zware ondersteuning",
             "bedragen": {"2026": 1000, "2027": 1000, "2028": 1000}},
            {"groep": "afdrachten", "titel": "Afdracht pro (via DUO)", "bedragen": {"2026": 100}},
            {"groep": "programmas", "titel": "Programma 3 Loket", "bedragen": {},
             "subregels": [{"titel": "Personeel", "bedragen": {"2026": 900}}]},
            {"groep": "programmas", "titel": "Programma 5 Bestuur", "bedragen": {"2026": 0}},
        ],
    }  # fmt: skip


def _set(document: dict, path: list, value) -> dict:
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


_DELETE = object()

# (what is changed, the value, where the problem is, words of its message)
MALFORMED = [
    (["regels", 3, "bedragen", "2026"], "12.500", "regels[3].bedragen.2026", "geheel getal"),
    (["regels", 3, "bedragen", "2026"], 12.5, "regels[3].bedragen.2026", "geheel getal"),
    (["regels", 0, "bedragen", "2031"], 5, "regels[0].bedragen.2031", "valt buiten de begroting"),
    (["regels", 0, "bedragen", "volgend jaar"], 5, "regels[0].bedragen.volgend jaar",
     "geen kalenderjaar"),
    (["regels", 1, "groep"], "lasten", "regels[1].groep", "onbekende waarde 'lasten'"),
    (["regels", 2, "bedragen"], {"2026": 5}, "regels[2].bedragen", "geen eigen bedragen"),
    (["regels", 2, "subregels", 0, "titel"], "", "regels[2].subregels[0].titel",
     "mag niet leeg zijn"),
    (["regels", 2, "subregels", 0, "groep"], "baten", "regels[2].subregels[0].groep",
     "onbekend veld"),
    (["regels", 0, "titel"], _DELETE, "regels[0].titel", "dit veld ontbreekt"),
    (["regels", 0, "titel"], "   ", "regels[0].titel", "mag niet leeg zijn"),
    (["regels", 1, "bron"], "vangnet", "regels[1].bedragen", "vangnetdeclaraties"),
    (["regels", 1, "prognose"], "raden", "regels[1].prognose", "onbekende waarde 'raden'"),
    (["regels", 0, "bedragen", "2026"], 10**12, "regels[0].bedragen.2026", "te groot"),
    (["laatste_jaar"], 2025, "laatste_jaar", "ligt voor het eerste jaar"),
    (["laatste_jaar"], 2040, "laatste_jaar", "ten hoogste 10 jaar"),
    (["eerste_jaar"], "2026", "eerste_jaar", "geheel getal"),
    (["schema"], "swvportal.begroting/2", "schema", "moet 'swvportal.begroting/1' zijn"),
    (["status"], "vastgesteld", "status", "onbekend veld"),
    (["titel"], "x" * 201, "titel", "te lang"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "where", "words"), MALFORMED, ids=lambda v: str(v)[:30])
def test_a_malformed_document_is_refused_with_the_path_and_saves_nothing(
    world, path, value, where, words
):
    before = _saved(world.tenant_b)
    raw = json.dumps(_set(_document(), path, value)).encode("utf-8")
    for commit in (False, True):
        outcome = _import(world.tenant_b, raw, commit=commit)
        assert not outcome.ok and not outcome.committed and outcome.begroting is None
        assert [p.where for p in outcome.problems] == [where], outcome.problems
        assert words in outcome.problems[0].message
        assert str(outcome.problems[0]).startswith(f"{where}: ")
    assert _saved(world.tenant_b) == before


def test_every_schema_problem_is_named_at_once(world):
    document = _set(_set(_document(), ["regels", 0, "groep"], "x"), ["titel"], "")
    problems = exchange.validate(document)
    assert [p.where for p in problems] == ["regels[0].groep", "titel"]


def test_a_valid_document_is_a_dry_run_without_commit(world):
    raw = json.dumps(_document()).encode("utf-8")
    before = _saved(world.tenant_b)
    outcome = _import(world.tenant_b, raw, commit=False)
    assert outcome.ok and not outcome.committed and _saved(world.tenant_b) == before
    table = outcome.table
    assert table.total_income[2026] == 1000 and table.total_programmes[2026] == 900
    assert table.result == {2026: 0, 2027: 1000, 2028: 1000}
    assert outcome.counts["Programma's"] == (2, 1)
    committed = _import(world.tenant_b, raw, commit=True)
    assert committed.committed
    with scopes_disabled():
        assert BudgetAmount.objects.filter(line__begroting=committed.begroting).count() == 6


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "leeg"),
        (b"   \n", "leeg"),
        (b"naam;bedrag\nx;1\n", "geen Excel-werkmap (.xlsx) en geen JSON"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "oude indeling (.xls)"),
        (b"{" + b" " * (5 * 1024 * 1024), "hoogstens 5 MB"),
    ],
    ids=["empty", "blank", "csv", "xls", "too large"],
)
def test_a_file_that_is_neither_is_refused_in_dutch(world, raw, words):
    with pytest.raises(exchange.FileRefused, match=words.replace("(", r"\(").replace(")", r"\)")):
        _import(world.tenant_b, raw, commit=False)


@pytest.mark.parametrize(
    ("raw", "words"),
    [(b'{"schema": ', "geen geldige JSON (regel 1"), (b"{\xff}", "geen UTF-8")],
)
def test_broken_json_says_where(world, raw, words):
    outcome = _import(world.tenant_b, raw, commit=True)
    assert not outcome.ok and words in str(outcome.problems[0])
    assert _saved(world.tenant_b) == 0


def test_the_schema_is_draft_2020_12(world):
    schema = json.loads(exchange.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    exchange.validator().check_schema(schema)
    assert copy.deepcopy(_document()) == _document()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
PATHS = [
    ["titel"], ["eerste_jaar"], ["laatste_jaar"], ["eigen_vermogen_bij_start"], ["regels"],
    ["regels", 0], ["regels", 0, "groep"], ["regels", 0, "bedragen"],
    ["regels", 0, "bedragen", "2026"], ["regels", 2, "subregels"],
    ["regels", 2, "subregels", 0, "bedragen"], ["regels", 3, "bron"], ["extra"],
]  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(PATHS), value=JSON_VALUES)
def test_any_document_is_checked_without_a_crash_and_only_a_valid_one_is_saved(world, path, value):
    before = _saved(world.tenant_b)
    raw = json.dumps(_set(_document(), path, value)).encode("utf-8")
    outcome = _import(world.tenant_b, raw, commit=True)
    assert outcome.committed == outcome.ok
    assert all(isinstance(p.message, str) and p.message for p in outcome.problems)
    assert (_saved(world.tenant_b) > before) is outcome.committed
