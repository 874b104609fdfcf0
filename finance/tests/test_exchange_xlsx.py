"""The begroting in Excel, in the seed's layout (Bijlage 3): export → import into another tenant
→ export gives the same bytes and the same table; the total rows are recognised and checked (a
warning, never stored); a bad row is named and nothing is saved."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django_scopes import scope, scopes_disabled

from .. import exchange, services
from ..demo import BIJLAGE_3, SEED_DEVIATIONS, SEED_TOTALS, YEARS
from ..exchange_xlsx import RESERVE_LABEL, begroting_xlsx
from ..models import Begroting, BudgetLine, LineGroup
from ..rules import format_euros
from .builders import a_begroting, line_titled
from .exchange_support import cells, demo_in, table_values, workbook

pytestmark = pytest.mark.django_db


def _xlsx(begroting: Begroting) -> bytes:
    with scope(tenant=begroting.tenant):
        return begroting_xlsx(begroting)


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
    first = _xlsx(begroting)
    outcome = _import(world.tenant_b, first, commit=True)
    assert outcome.kind == "xlsx" and outcome.problems == [] and outcome.warnings == []
    assert outcome.committed and outcome.begroting.tenant == world.tenant_b
    assert _xlsx(outcome.begroting) == first
    assert table_values(outcome.begroting) == table_values(begroting)
    assert outcome.begroting.opening_reserve == begroting.opening_reserve == 512_000


def test_the_same_begroting_gives_the_same_bytes_at_any_time(world):
    adopted, _concept = demo_in(world.tenant_a)
    first = _xlsx(adopted)
    with scopes_disabled():
        Begroting.objects.filter(pk=adopted.pk).update(updated_at="2030-01-01T00:00:00Z")
        adopted.refresh_from_db()
    assert _xlsx(adopted) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "Alfa" not in core


def test_the_sheet_has_the_seeds_layout(world):
    adopted, _concept = demo_in(world.tenant_a)
    book = openpyxl.load_workbook(io.BytesIO(_xlsx(adopted)))
    assert book.sheetnames == ["Begroting", "Gegevens"]
    sheet = book["Begroting"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Meerjarenbegroting kalenderjaar 2025–2029"
    assert rows[1][:6] == [None, *YEARS]
    labels = [r[0] for r in rows[2:]]
    titles = [title for _group, title, _forecast, _amounts in BIJLAGE_3]
    assert labels == [
        "Baten", *titles[:6], "Totale baten",
        "Verplichte afdrachten", *titles[6:9], "Totaal afdrachten",
        *titles[9:], "Totaal programma's", "Totale lasten", "Resultaat",
    ]  # fmt: skip
    by_label = {r[0]: r[1:6] for r in rows[2:]}
    for _group, title, _forecast, amounts in BIJLAGE_3:
        assert tuple(by_label[title]) == amounts
    for label, printed in SEED_TOTALS.items():
        wrong = SEED_DEVIATIONS.get(label, {})
        expected = [wrong[y][1] if y in wrong else printed[i] for i, y in enumerate(YEARS)]
        assert list(by_label[label]) == expected, label  # derived: the lines' sums
    assert sheet["B4"].number_format == "#,##0" and sheet["F23"].number_format == "#,##0"
    assert sheet["A10"].font.bold and not sheet["A4"].font.bold
    vso = next(r for r in rows if r[0] == "Afdracht ondersteuningsbekostiging vso (via DUO)")
    assert vso[7] == "Afdracht ondersteuningsbekostiging vso (TLV's op 1 oktober)"
    info = [list(r) for r in book["Gegevens"].iter_rows(values_only=True)]
    assert info[1] == ["Titel", "Meerjarenbegroting"]
    assert info[2][1] == 512_000


def test_sub_lines_are_marked_and_read_back(world):
    begroting = a_begroting(world.tenant_a)
    loket = line_titled(begroting, "Programma 3 Loket")
    with scope(tenant=world.tenant_a):
        services.line_create(
            begroting=begroting, group=LineGroup.PROGRAMMES, title="Personeel", parent=loket,
            amounts={2025: 150_000, 2026: 150_000, 2027: 150_000},
        )  # fmt: skip
        services.line_create(
            begroting=begroting, group=LineGroup.PROGRAMMES, title="=Huisvesting", parent=loket,
            note="-huur", amounts={2025: 50_000, 2026: 50_000, 2027: 50_000},
        )  # fmt: skip
    raw = _xlsx(begroting)
    labels = [r[0] for r in cells(raw)]
    at = labels.index("Programma 3 Loket")
    assert labels[at + 1 : at + 3] == ["– Personeel", "– =Huisvesting"]
    assert cells(raw)[at][1:4] == [200_000] * 3  # the parent shows its sub-lines' sum
    outcome = _import(world.tenant_b, raw, commit=True)
    assert outcome.problems == [] and outcome.warnings == []
    assert _xlsx(outcome.begroting) == raw
    assert table_values(outcome.begroting) == table_values(begroting)


def _seed_sheet(**change) -> list[list]:
    """Bijlage 3 as the seed prints it, its own totals included."""
    rows = [["MEERJARENBEGROTING KALENDERJAAR"], [None, "filter van: 2025 2029"],
            [None, "de begroting"], [None, *YEARS], ["Baten"]]  # fmt: skip
    lines = {title: list(amounts) for _g, title, _f, amounts in BIJLAGE_3}
    lines.update(change)
    titles = list(lines)
    rows += [[t.lower(), *lines[t]] for t in titles[:6]]
    rows += [["Totale baten", *SEED_TOTALS["Totale baten"]], ["Verplichte afdrachten"]]
    rows += [[t.lower(), *lines[t]] for t in titles[6:9]]
    rows += [["totaal afdrachten", *SEED_TOTALS["Totaal afdrachten"]]]
    rows += [[t, *lines[t]] for t in titles[9:]]
    rows += [["totaal programma's", *SEED_TOTALS["Totaal programma's"]]]
    rows += [["Totale lasten", *SEED_TOTALS["Totale lasten"]]]
    rows += [["Resultaat", *SEED_TOTALS["Resultaat"]]]
    return rows


def test_the_seeds_own_sheet_reads_in_with_a_warning_per_misprinted_total(world):
    outcome = _import(world.tenant_b, workbook(_seed_sheet()), commit=True)
    assert outcome.problems == [] and outcome.committed
    expected = sorted(
        (label, year, printed, derived)
        for label, wrong in SEED_DEVIATIONS.items()
        for year, (printed, derived) in wrong.items()
    )
    assert len(outcome.warnings) == len(expected) == 9
    for label, year, printed, derived in expected:
        assert any(
            f"({label}), {year}:".casefold() in w.casefold()
            and format_euros(printed) in w
            and format_euros(derived) in w
            for w in outcome.warnings
        ), (label, year)
    begroting = outcome.begroting
    assert begroting.title == "Meerjarenbegroting" and begroting.years == list(YEARS)
    values = table_values(begroting)
    assert values["totals"][0][2025] == 33_026_007
    with scope(tenant=world.tenant_b):
        lines = list(BudgetLine.objects.filter(begroting=begroting).order_by("group", "position"))
    assert next(line.title for line in lines if line.group == LineGroup.PROGRAMMES) == (
        "Programma 1 Zorgbudget vo"
    )
    assert len(lines) == len(BIJLAGE_3)


# (the row as changed, its row in the sheet, words of the problem)
BAD_ROWS = [
    ("Pro", ["pro", 2_258_989, "veel", 1, 1, 1], "Rij 8, 2026", "'veel' is geen bedrag"),
    ("Pro", ["pro", 2_258_989.5, 1, 1, 1, 1], "Rij 8, 2025", "zonder centen"),
    ("Pro", ["pro", "1.234,56", 1, 1, 1, 1], "Rij 8, 2025", "zonder centen"),
    ("Pro", [None, 1, 1, 1, 1, 1], "Rij 8", "omschrijving (kolom A) ontbreekt"),
    ("Pro", ["pro", 10**12, 1, 1, 1, 1], "Rij 8, 2025", "te groot"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "row", "where", "words"), BAD_ROWS, ids=lambda v: str(v)[:24])
def test_a_bad_row_is_named_and_nothing_is_saved(world, title, row, where, words):
    rows = _seed_sheet()
    at = next(i for i, r in enumerate(rows) if r and str(r[0]).lower() == title.lower())
    rows[at] = row
    before = _saved(world.tenant_b)
    for commit in (False, True):
        outcome = _import(world.tenant_b, workbook(rows), commit=commit)
        assert not outcome.ok and not outcome.committed and outcome.begroting is None
        assert [p.where for p in outcome.problems] == [where], outcome.problems
        assert words in outcome.problems[0].message
    assert _saved(world.tenant_b) == before


@pytest.mark.parametrize(
    ("rows", "where", "words"),
    [
        ([[None, 2026, 2027], ["Zware ondersteuning", 1, 1]], "Rij 2", "staat niet onder 'Baten'"),
        ([[None, 2026], ["Baten"], ["x", 1], ["Resultaat", 1], ["voetnoot"]], "Rij 5",
         "staat onder 'Resultaat'"),
        ([[None, 2026], ["Baten"], ["x", 1, None, "raden"]], "Rij 3", "Prognose uit het Loket"),
        ([[None, 2026], ["Baten"], ["x", 1], ["Verplichte afdrachten"], ["– post", 1]], "Rij 5",
         "geen regel van dezelfde groep boven"),
        ([[None, 2026], ["Baten"], ["x" * 301, 1]], "Rij 3, omschrijving", "te lang"),
        ([[None, 2026], ["Verplichte afdrachten"], ["Vangnet", 5, None, None, "vangnet"],
          ["– post", 1]], "Rij 3, Bedragen uit", "geen subregels"),
    ],
    ids=["no group", "below resultaat", "forecast", "orphan sub-line", "long title", "vangnet"],
)  # fmt: skip
def test_more_rows_that_cannot_be_read(world, rows, where, words):
    header = [None, *rows[0][1:], "Toelichting", "Prognose uit het Loket", "Bedragen uit"]
    outcome = _import(world.tenant_b, workbook([header, *rows[1:]]), commit=True)
    assert not outcome.committed
    assert any(p.where == where and words in p.message for p in outcome.problems), outcome.problems
    assert _saved(world.tenant_b) == 0


def test_a_parent_row_that_is_not_its_sub_lines_sum_is_a_warning(world):
    rows = [[None, 2026, 2027], ["Baten"], ["Zware ondersteuning", 5, 5],
            ["Programma's"], ["Programma 3 Loket", 9, None], ["– Personeel", 3, 3],
            ["– Huisvesting", 2, 2], ["Totaal programma's", 5, 5]]  # fmt: skip
    info = [["Titel", "Begroting Beta"], [RESERVE_LABEL, "250.000"]]
    outcome = _import(world.tenant_b, workbook(rows, info=info), commit=True)
    assert outcome.problems == []
    assert len(outcome.warnings) == 1 and outcome.warnings[0].startswith(
        "Rij 5 (Programma 3 Loket), 2026: in het bestand staat 9, maar de subregels eronder"
    )
    begroting = outcome.begroting
    assert begroting.title == "Begroting Beta" and begroting.opening_reserve == 250_000
    values = table_values(begroting)
    assert values["result"] == {2026: 0, 2027: 0}


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (
            workbook([["Begroting zonder jaren"], ["Baten"], ["x", 1]]),
            "geen rij met de kalenderjaren",
        ),
        (workbook([["Titel"], [None, *range(2025, 2037)]]), "ten hoogste 10 jaar"),
        (b"PK\x03\x04kapot", "kon niet als xlsx worden gelezen"),
    ],
    ids=["no years", "too many years", "broken zip"],
)
def test_a_workbook_that_cannot_be_a_begroting_is_refused(world, raw, words):
    with pytest.raises(exchange.FileRefused, match=words):
        _import(world.tenant_b, raw, commit=False)
    assert _saved(world.tenant_b) == 0


def test_a_formula_looking_text_never_becomes_a_formula_and_reads_back_unchanged(world):
    formula = '=HYPERLINK("https://example.com","klik")'
    begroting = a_begroting(world.tenant_a)
    with scope(tenant=world.tenant_a):
        services.line_create(
            begroting=begroting, group=LineGroup.INCOME, title=formula, note="+31 gemeente",
            amounts={2025: 1, 2026: 2, 2027: 3},
        )  # fmt: skip
    raw = _xlsx(begroting)
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["Begroting"]
    found = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in found if c.data_type == "f"]
    assert "'" + formula in [c.value for c in found]
    outcome = _import(world.tenant_b, raw, commit=True)
    with scope(tenant=world.tenant_b):
        line = BudgetLine.objects.get(begroting=outcome.begroting, title=formula)
    assert line.note == "+31 gemeente"
    assert _xlsx(outcome.begroting) == raw
