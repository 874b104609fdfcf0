"""The jaarplan as Excel (the seed's columns, one row per activity) and as JSON
(``swvportal.jaarplan/1``, valid against its schema)."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import openpyxl
import pytest
from django_scopes import scope, scopes_disabled
from jsonschema import Draft202012Validator

from plans.jaarplan import services
from plans.jaarplan.exchange import (
    SCHEMA_PATH,
    dumps,
    export_jaarplan,
    jaarplan_xlsx,
    schema_problems,
)
from plans.jaarplan.exchange_xlsx import JAARPLAN_COLUMNS, jaarplan_rows
from plans.jaarplan.generate import jaarplan_generate
from plans.models import Activity, CalendarOccurrence

from .builders import a_calendar_item, a_meeting, a_series, adopt, an_activity
from .exchange_support import HEADER, a_full_jaarplan, improvement_of

pytestmark = pytest.mark.django_db


def _book(raw: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(raw))


def _with_calendar_and_meetings(world, jaarplan):
    a_calendar_item(world.tenant_a, title="Jaarverslag", due_month=7, due_day=1)
    item = a_calendar_item(
        world.tenant_a,
        category="gesprekscyclus",
        title="Gesprek met scholen",
        frequency="meermaals",
        dates=[[11, 1], [3, 1]],
        owner="Directeur-bestuurder",
        adopted_by="Bestuur",
    )
    with scopes_disabled():
        CalendarOccurrence.objects.create(
            tenant=world.tenant_a,
            item=item,
            due_date=datetime.date(2026, 11, 1),
            done_on=datetime.date(2026, 10, 28),
            done_by=world.user("bestuurder"),
            note="Alle scholen gesproken.",
        )
    series = a_series(world.tenant_a, name="Netwerk zorgcoördinatoren", group="Zorgcoördinatoren")
    a_meeting(series, planned_on=datetime.date(2026, 10, 1), held_on=datetime.date(2026, 10, 1),
              theme="Hoogbegaafdheid", report="Goed bezocht.")  # fmt: skip
    a_meeting(series, planned_on=datetime.date(2027, 3, 1))
    a_series(world.tenant_a, name="Overleg VSO-directeuren", planned_per_year=4)


# --- Excel ------------------------------------------------------------------------------------


def test_the_excel_export_has_the_seeds_columns_one_row_per_activity(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    _with_calendar_and_meetings(world, jaarplan)
    with scope(tenant=world.tenant_a):
        raw = jaarplan_xlsx(jaarplan)
    book = _book(raw)
    assert book.sheetnames == ["Jaarplan", "Kwaliteitskalender", "Bijeenkomsten"]
    sheet = book["Jaarplan"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == HEADER
    # 6 activities, step e, step f and one aanvullend item without activities: one row each.
    assert len(rows) == 1 + 6 + 3
    first = rows[1]
    assert first[:5] == ["1. Leren binnen scholen", "1.1", "Elke stap", "a",
                         "Stap in 2026-2027."]  # fmt: skip
    assert first[5:] == ["Er is een plan van aanpak.", "Schrijven", "Werkgroep",
                         datetime.datetime(2027, 2, 1), "Niet gestart", None]  # fmt: skip
    month = rows[2]
    assert month[8] == "juni 2027" and month[9] == "Loopt"
    empty_step = next(r for r in rows if r[3] == "e")
    assert empty_step[5:] == [None] * 6
    additional = [r for r in rows if r[0] == "Aanvullend (beleidsmatig)"]
    assert [r[4] for r in additional] == [
        "Bijeenkomst gedragsproblematiek",
        "Ouderpagina op de website",
    ]
    assert additional[0][1] is None and additional[0][3] is None
    # A text that starts like a formula is written as text, never as a formula.
    assert "'=Formule?" in [r[5] for r in rows] and "'+31 bellen" in [r[6] for r in rows]
    assert not [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_the_excel_layout_header_bold_and_frozen_widths_and_wrapping(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        sheet = _book(jaarplan_xlsx(jaarplan))["Jaarplan"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    widths = [sheet.column_dimensions[chr(65 + i)].width for i in range(len(JAARPLAN_COLUMNS))]
    assert widths == [width for _name, width in JAARPLAN_COLUMNS]
    assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in sheet["F"])
    assert sheet["I2"].number_format == "d-m-yyyy"
    assert sheet["B2"].number_format == "@"  # a doel number stays text: 1.10 is not 1.1
    assert sheet.auto_filter.ref == "A1:K10"
    choices = sheet.data_validations.dataValidation[0]
    assert choices.formula1 == '"Niet gestart,Loopt,Gereed,Vertraagd,Vervallen"'


def test_the_same_jaarplan_gives_the_same_bytes(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    _with_calendar_and_meetings(world, jaarplan)
    with scope(tenant=world.tenant_a):
        first = jaarplan_xlsx(jaarplan)
        second = jaarplan_xlsx(jaarplan)
    assert first == second
    props = _book(first).properties
    with scopes_disabled():
        changed = type(jaarplan).objects.get(pk=jaarplan.pk).updated_at
    stamp = changed.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    assert props.created == props.modified == stamp  # the jaarplan's moment, not "now"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        dos_time = stamp.replace(second=stamp.second // 2 * 2)  # a zip counts in 2 seconds
        assert {i.date_time for i in archive.infolist()} == {dos_time.timetuple()[:6]}
    assert props.title == "Jaarplan 2026-2027 (versie 1.0)"


def test_the_evaluation_columns_come_once_activities_are_evaluated(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        header, _rows = jaarplan_rows(jaarplan)
    assert header == HEADER
    jaarplan = adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        activity = Activity.objects.filter(jaarplan=jaarplan, result="Nascholing.").get()
        services.activity_evaluate(activity=activity, evaluation="niet", text="Niet gelukt.")
        header, rows = jaarplan_rows(jaarplan)
    assert header == [*HEADER, "Evaluatie", "Evaluatie toelichting"]
    assert ["Niet behaald", "Niet gelukt."] in [r[-2:] for r in rows]


def test_the_kwaliteitskalender_and_bijeenkomsten_sheets(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    _with_calendar_and_meetings(world, jaarplan)
    with scope(tenant=world.tenant_a):
        book = _book(jaarplan_xlsx(jaarplan))
    calendar = [[c.value for c in r] for r in book["Kwaliteitskalender"].iter_rows()]
    assert calendar[0][:4] == ["Uiterlijk", "Categorie", "Onderwerp", "Frequentie"]
    assert [(r[0], r[2]) for r in calendar[1:]] == [
        (datetime.datetime(2026, 11, 1), "Gesprek met scholen"),
        (datetime.datetime(2027, 3, 1), "Gesprek met scholen"),
        (datetime.datetime(2027, 7, 1), "Jaarverslag"),
    ]
    done = calendar[1]
    assert done[6] == datetime.datetime(2026, 10, 28) and done[7] == str(world.user("bestuurder"))
    assert done[3] == "Twee keer per jaar (1 november, 1 maart)"
    meetings = [[c.value for c in r] for r in book["Bijeenkomsten"].iter_rows()]
    held = datetime.datetime(2026, 10, 1)
    assert meetings[1][:6] == ["Netwerk zorgcoördinatoren", "Zorgcoördinatoren", 2, 1, held, held]
    assert meetings[3][:4] == ["Overleg VSO-directeuren", None, 4, 0]  # no meetings yet: one row


# --- JSON -------------------------------------------------------------------------------------


def test_the_json_export_validates_against_its_schema(world):
    jaarplan = a_full_jaarplan(world.tenant_a, by=world.user("bestuurder"))
    _with_calendar_and_meetings(world, jaarplan)
    with scope(tenant=world.tenant_a):
        activity = Activity.objects.get(jaarplan=jaarplan, result="Er is een plan van aanpak.")
        services.activity_update(activity=activity, data={"responsible": world.user("loket")},
                                 revision=None)  # fmt: skip
        services.activity_progress(activity=activity, status="loopt", note="Eerste versie.",
                                   by=world.user("loket"))  # fmt: skip
        document = export_jaarplan(jaarplan)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert schema_problems(document) == []
    assert (document["schema"], document["samenwerkingsverband"], document["schooljaar"]) == (
        "swvportal.jaarplan/1",
        "VOA001",
        "2026-2027",
    )
    assert document["afgeleid_van"]["versie"] == "1.0" and document["status"] == "concept"
    first = document["verbeterpunten"][0]
    assert first["doel"]["nummer"] == "1.1" and first["doel"]["titel"] == "Elke stap"
    assert first["stap"]["letter"] == "a" and first["stap"]["wanneer"] == "2026-2027"
    assert first["tekst"] == "Stap in 2026-2027."
    planned = first["activiteiten"][0]
    assert planned["verantwoordelijke"] == "loket@alfa.example"
    assert planned["status"] == "loopt" and planned["wanneer_gereed"] == "2027-02-01"
    assert planned["voortgang"][-1]["tekst"] == "Eerste versie."
    assert planned["voortgang"][-1]["door"] == "loket@alfa.example"
    additional = [p for p in document["verbeterpunten"] if p["aanvullend"]]
    assert [p["doel"] for p in additional] == [None, None]
    dues = document["kwaliteitskalender"]
    assert [d["uiterlijk"] for d in dues] == ["2026-11-01", "2027-03-01", "2027-07-01"]
    assert dues[0]["gedaan_op"] == "2026-10-28" and dues[1]["gedaan_op"] is None
    network = document["bijeenkomsten"][0]
    assert (network["gepland"], network["gehouden"], len(network["bijeenkomsten"])) == (2, 1, 2)
    assert network["bijeenkomsten"][0]["thema"] == "Hoogbegaafdheid"


def test_a_carried_activity_refers_to_its_origin(world):
    last_year = a_full_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        origin = Activity.objects.get(jaarplan=last_year, result="Scholen kennen het plan.")
        this_year = jaarplan_generate(tenant=world.tenant_a, school_year=2027,
                                      carry=[origin.pk]).jaarplan  # fmt: skip
        document = export_jaarplan(this_year)
    assert schema_problems(document) == []
    carried = [a for p in document["verbeterpunten"] for a in p["activiteiten"]]
    assert [a["overgenomen_uit"] for a in carried] == [
        {"schooljaar": "2026-2027", "versie": "1.0", "id": str(origin.uid)}
    ]


def test_the_schema_refuses_a_delayed_activity_without_toelichting(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        document = export_jaarplan(jaarplan)
    delayed = next(
        a
        for p in document["verbeterpunten"]
        for a in p["activiteiten"]
        if a["status"] == "vertraagd"
    )
    delayed["toelichting"] = ""
    assert schema_problems(document)
    document["schema"] = "swvportal.osp/1"
    assert any(p.startswith("schema:") for p in schema_problems(document))


def test_the_json_is_the_same_text_twice_and_readable(world):
    jaarplan = a_full_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        text = dumps(export_jaarplan(jaarplan))
        assert text == dumps(export_jaarplan(jaarplan))
    assert "coördinatoren" not in text or "\\u00f6" not in text  # UTF-8, not escapes
    assert json.loads(text)["versie"] == "1.0"


def test_the_exports_run_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    jaarplan = a_full_jaarplan(world.tenant_a)
    _with_calendar_and_meetings(world, jaarplan)

    def export() -> None:
        with scope(tenant=world.tenant_a):
            fresh = type(jaarplan).objects.get(pk=jaarplan.pk)
            export_jaarplan(fresh)
            jaarplan_xlsx(fresh)

    with django_assert_max_num_queries(30) as small:
        export()
    step = improvement_of(jaarplan, "e")
    for number in range(60):
        an_activity(jaarplan, step, result=f"Extra {number}", status="loopt")
    with django_assert_max_num_queries(len(small.captured_queries)):
        export()
