"""Reading activities from Excel into a concept jaarplan: the round trip through another tenant,
the dry run, the row errors in Dutch (a file with a bad row saves nothing), and the checks on the
file itself."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from plans.jaarplan.exchange import import_activities, jaarplan_xlsx, read_workbook
from plans.jaarplan.exchange_cells import MAX_FILE_BYTES, parse_due, parse_status
from plans.jaarplan_rules import EXPLANATION_NEEDED
from plans.models import Activity, ActivityStatus, Improvement
from swvportal.core.imports import ImportFileError

from .builders import a_jaarplan, adopt, an_activity, an_adopted_plan
from .exchange_support import (
    HEADER,
    a_full_jaarplan,
    activity_rows,
    improvement_of,
    row,
    workbook,
)

pytestmark = pytest.mark.django_db


def _import(jaarplan, raw: bytes, *, commit: bool):
    with scope(tenant=jaarplan.tenant):
        return import_activities(jaarplan=jaarplan, dataset=read_workbook(raw), commit=commit)


def _count(jaarplan) -> tuple[int, int]:
    with scopes_disabled():
        return (
            Activity.objects.filter(jaarplan=jaarplan).count(),
            Improvement.objects.filter(jaarplan=jaarplan).count(),
        )


# --- The round trip -----------------------------------------------------------------------------


def test_an_export_read_into_another_tenants_empty_jaarplan_gives_the_same_activities(world):
    source = a_full_jaarplan(world.tenant_a)
    an_adopted_plan(world.tenant_b)  # the same OSP, in another samenwerkingsverband
    target = a_jaarplan(world.tenant_b, 2026)
    assert _count(target) == (0, 4)
    with scope(tenant=world.tenant_a):
        raw = jaarplan_xlsx(source)

    outcome = _import(target, raw, commit=True)

    assert outcome.committed and not outcome.report.errors
    assert activity_rows(target) == activity_rows(source)
    assert len(activity_rows(target)) == 6
    # Both aanvullende items came along, the one without activities too; nothing else was made.
    assert sorted(outcome.new_improvements) == [
        "Bijeenkomst gedragsproblematiek",
        "Ouderpagina op de website",
    ]
    assert _count(target) == (6, 6)
    # The formula-looking texts read back as they were written, not with the export's apostrophe.
    assert ("1.1", "d", "", "=Formule?", "+31 bellen", "@team") in {
        r[:6] for r in activity_rows(target)
    }


def test_reading_the_same_file_again_adds_nothing_and_a_changed_row_updates(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        raw = jaarplan_xlsx(jaarplan)
    before = activity_rows(jaarplan)

    again = _import(jaarplan, raw, commit=True)

    assert again.committed and again.count("nieuw") == 0 and again.new_improvements == []
    assert again.count("ongewijzigd") == 6
    assert activity_rows(jaarplan) == before
    changed = workbook([row(letter="a", result="Er is een plan van aanpak.", what="Schrijven",
                            who="Werkgroep", due="1 februari 2027", status="Loopt")])  # fmt: skip
    outcome = _import(jaarplan, changed, commit=True)
    assert outcome.count("bijgewerkt") == 1 and _count(jaarplan)[0] == 6
    with scopes_disabled():
        activity = Activity.objects.get(jaarplan=jaarplan, result="Er is een plan van aanpak.")
        assert activity.status == "loopt"
        assert activity.notes.filter(status_to="loopt").exists()  # the history says so


def test_rows_go_to_the_verbeterpunt_by_doel_and_step_or_by_text(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    raw = workbook(
        [
            row(letter="a", result="Op letter"),
            row(letter="x", text="Jaarlijkse stap.", result="Op tekst binnen het doel"),
            row(goal="1.1", letter="", text="  doorlopende   STAP. ", result="Op tekst"),
            row(goal="", letter="", text="Eigen punt", result="Aanvullend 1"),
            row(goal="", letter="", text="Eigen punt", result="Aanvullend 2"),
        ]
    )
    outcome = _import(jaarplan, raw, commit=True)
    assert outcome.committed, outcome.report.errors
    with scopes_disabled():
        where = dict(
            Activity.objects.filter(jaarplan=jaarplan).values_list("result", "improvement__title")
        )
    assert where == {
        "Op letter": "Stap in 2026-2027.",
        "Op tekst binnen het doel": "Jaarlijkse stap.",
        "Op tekst": "Doorlopende stap.",
        "Aanvullend 1": "Eigen punt",
        "Aanvullend 2": "Eigen punt",
    }
    assert outcome.new_improvements == ["Eigen punt"]  # made once, for both rows


# --- The dry run and bad rows -----------------------------------------------------------------


def test_the_dry_run_saves_nothing_and_says_what_it_would_do(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    raw = workbook(
        [
            row(letter="a", result="Nieuw", due="juni 2027", status="loopt"),
            row(
                goal="", letter="", text="Nieuw punt", result="", what="", who="", due="", status=""
            ),
        ]
    )
    outcome = _import(jaarplan, raw, commit=False)
    assert outcome.ok and not outcome.committed
    assert _count(jaarplan) == (0, 4)
    first, second = outcome.rows
    assert (first.line, first.action, first.result, first.due, first.status) == (
        2,
        "nieuw",
        "Nieuw",
        "juni 2027",
        "Loopt",
    )
    assert first.improvement == "1.1 a: Stap in 2026-2027."
    assert (second.line, second.action, second.new_improvement) == (3, "geen activiteit", True)
    assert outcome.new_improvements == ["Nieuw punt"]


def test_a_file_with_bad_rows_saves_nothing_and_names_each_row(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, result="Er stond er al een.")
    raw = workbook(
        [
            row(result="Goed", due="1-8-2027"),  # rij 2
            row(result=""),  # rij 3
            row(result="Vertraagd", status="Vertraagd", explanation=""),  # rij 4
            row(result="Datum", due="volgend voorjaar"),  # rij 5
            row(result="Status", status="bijna klaar"),  # rij 6
            row(goal="1.1", letter="z", text="Bestaat niet", result="Stap"),  # rij 7
            row(goal="4.9", letter="a", result="Doel"),  # rij 8
            row(goal="", letter="", text="Aanvullend punt", result="Goed 2"),  # rij 9
            row(result="", due="31-2-2027", status="Vervallen"),  # rij 10
        ]
    )
    before = _count(jaarplan)

    outcome = _import(jaarplan, raw, commit=True)

    assert not outcome.committed
    assert _count(jaarplan) == before  # not the good rows either, nor the aanvullend item
    errors = {e.line: e.messages for e in outcome.report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 10]
    assert errors[3] == ["Beoogd resultaat: Vul het beoogde resultaat in."]
    assert errors[4] == [f"Toelichting: {EXPLANATION_NEEDED[ActivityStatus.DELAYED]}"]
    assert errors[5] == [
        "Wanneer gereed: 'volgend voorjaar' is geen datum of maand. Schrijf een datum of een "
        "maand, bijvoorbeeld 1-8-2027, 1 augustus 2027 of juni 2027."
    ]
    assert errors[6] == [
        "Status: 'bijna klaar' is geen status. Kies een status: niet gestart, loopt, gereed, "
        "vertraagd of vervallen."
    ]
    assert errors[7] == [
        "Verbeterpunt: doel 1.1 heeft in dit jaarplan geen stap z en geen verbeterpunt met deze "
        "tekst. De stappen van dit doel in dit jaarplan: a, d, e, f."
    ]
    assert "doel 4.9 heeft in dit jaarplan geen verbeterpunten" in errors[8][0]
    # Every problem of a row at once: the result, the date and the toelichting.
    assert len(errors[10]) == 3 and any("31-2-2027' bestaat niet" in m for m in errors[10])
    # Where the row goes comes first, then its cells.
    bad = workbook([row(goal="4.9", result="", due="ooit")])
    [error] = _import(jaarplan, bad, commit=False).report.errors
    assert [m.split(":")[0] for m in error.messages] == ["Doel (nummer)", "Beoogd resultaat",
                                                         "Wanneer gereed"]  # fmt: skip


def test_an_adopted_jaarplan_takes_no_import(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    jaarplan = adopt(jaarplan)
    with pytest.raises(ValidationError, match="alleen in een concept"):
        _import(jaarplan, workbook([row()]), commit=False)
    assert _count(jaarplan)[0] == 1


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime.datetime(2027, 8, 1, 0, 0), (datetime.date(2027, 8, 1), False)),
        (datetime.date(2027, 3, 5), (datetime.date(2027, 3, 5), False)),
        (46600, (datetime.date(2027, 8, 1), False)),  # a date cell as Excel's serial number
        ("1-8-2027", (datetime.date(2027, 8, 1), False)),
        ("01/08/2027", (datetime.date(2027, 8, 1), False)),
        ("2027-08-01", (datetime.date(2027, 8, 1), False)),
        ("1 augustus 2027", (datetime.date(2027, 8, 1), False)),
        ("15 sept. 2026", (datetime.date(2026, 9, 15), False)),
        ("Juni 2027", (datetime.date(2027, 6, 30), True)),
        ("feb 2028", (datetime.date(2028, 2, 29), True)),
        ("6-2027", (datetime.date(2027, 6, 30), True)),
        ("", (None, False)),
        (None, (None, False)),
    ],
)
def test_wanneer_gereed_takes_a_date_or_a_month(cell, expected):
    assert parse_due(cell) == expected


@pytest.mark.parametrize(
    "cell", ["volgend jaar", "2027", 2027, "13-2027", "31-2-2027", "1 smarch 2027", "Q3 2027"]
)
def test_wanneer_gereed_refuses_what_is_no_date(cell):
    with pytest.raises(ValidationError):
        parse_due(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", "niet_gestart"),
        (None, "niet_gestart"),
        ("Niet gestart", "niet_gestart"),
        ("niet_gestart", "niet_gestart"),
        (" LOOPT ", "loopt"),
        ("Gereed", "gereed"),
        ("vertraagd", "vertraagd"),
        ("Vervallen", "vervallen"),
    ],
)
def test_the_status_by_its_dutch_label(cell, expected):
    assert parse_status(cell) == expected


# --- The file itself --------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "leeg"),
        (";".join(HEADER).encode() + b"\n1.1;a\n", "geen Excel-werkmap"),  # a CSV called .xlsx
        (b"%PDF-1.7\n...", "geen Excel-werkmap"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "oude indeling (.xls)"),
        (_zip({"word/document.xml": b"<w/>"}), "ZIP-bestand, maar geen Excel-werkmap"),
        (_zip({"xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"x"}), "macro's"),
        (b"PK\x03\x04 kapot", "beschadigd"),
        (b"PK\x03\x04" + b"\0" * (MAX_FILE_BYTES), "hoogstens 5 MB"),
    ],
)
def test_a_file_that_is_no_xlsx_by_its_content_is_refused(raw, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_workbook(raw)


def test_a_sheet_without_the_columns_says_which_are_missing():
    header = [h for h in HEADER if h not in ("Wie", "Status")]
    with pytest.raises(ImportFileError) as refused:
        read_workbook(workbook([["1.1"]], header=header))
    assert "mist de kolom(men) 'Wie' en 'Status'" in str(refused.value)


def test_the_sheet_jaarplan_is_read_whichever_sheet_was_active(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    raw = workbook([row(result="Van het tabblad Jaarplan")], Notities=["iets anders"])
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw))
    book.active = 1  # the user saved the file on another sheet
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = _import(jaarplan, buffer.getvalue(), commit=True)
    assert outcome.committed and outcome.count("nieuw") == 1


def test_header_names_are_read_in_any_case_and_the_info_columns_may_be_missing(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    header = ["DOEL (NUMMER)", "stap", "Verbeterpunt", "beoogd resultaat", "Wat", "Wie",
              "Wanneer gereed", "Status", "Toelichting"]  # fmt: skip
    raw = workbook([["1.1", "a", "", "Zonder pijler", "", "", "", "", ""]], header=header)
    assert _import(jaarplan, raw, commit=True).count("nieuw") == 1
    with scopes_disabled():
        assert improvement_of(jaarplan, "a").activities.get().result == "Zonder pijler"
