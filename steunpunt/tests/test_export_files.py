"""Part "export": the two Excel files for the jaarverslag, read back with openpyxl.

The contacts' file has the agreed columns, real dates, the totals per theme and per channel,
only the chosen school year and only the member's own tenant; nothing of a free text or a
call-back request is anywhere in the workbook (its XML searched as well as its cells). The
trends' file counts each trend's signals in total and in the year.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.core.schoolyear import SchoolYear

from .. import export
from ..models import Action, Channel, Contact, TrendStatus
from ..services import contact_close
from .builders import a_contact, a_theme, a_trend

DAY = datetime.timedelta(days=1)
SECRETS = {
    "summary": "GEHEIME-SAMENVATTING",
    "message": "GEHEIME-VRAAG-VAN-OUDER",
    "referred_to": "GEHEIM-DOORVERWEZEN-NAAR",
    "follow_up_note": "GEHEIM-VERVOLG",
}
CALLBACK = {
    "name": "Terugbel Voorbeeldnaam",
    "phone": "06 1112 2233",
    "email": "terugbel@geheim.example",
    "best_time": "GEHEIM-BEREIKBAAR",
}


@pytest.fixture
def year():
    return export.default_school_year()


def _book(made: export.ExportFile) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(made.content))


def _rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _contacts_file(world, year):
    with scopes_disabled():
        return export.contacts_xlsx(
            tenant=world.tenant_a, year=year, membership=world.members[Role.BESTUURDER]
        )


def _trends_file(world, year):
    with scopes_disabled():
        return export.trends_xlsx(
            tenant=world.tenant_a, year=year, membership=world.members[Role.BESTUURDER]
        )


def test_the_default_period_is_the_last_complete_school_year():
    assert export.default_school_year(datetime.date(2026, 12, 2)).label == "2025-2026"
    assert export.default_school_year(datetime.date(2026, 7, 31)).label == "2024-2025"
    assert export.default_school_year(datetime.date(2026, 8, 1)).label == "2025-2026"


def test_the_contacts_sheet_has_the_columns_and_one_row_per_contact(world, year):
    transport, opp = a_theme(world.tenant_a, "Vervoer", 1), a_theme(world.tenant_a, "OPP", 2)
    day = year.first_day + 40 * DAY
    contact = a_contact(
        world.tenant_a,
        received_on=day,
        channel=Channel.EMAIL,
        school=world.school_a1,
        themes=[transport, opp],
        actions=[Action.INFORMED, Action.REFERRED],
        follow_up_needed=True,
        follow_up_by=day + 7 * DAY,
        is_signal=True,
    )
    trend = a_trend(world.tenant_a, title="Wachttijd jeugdhulp", signals=[contact])
    with scopes_disabled():
        contact_close(contact=Contact.objects.get(pk=contact.pk), on=day + 9 * DAY)
    a_contact(world.tenant_a, received_on=day + DAY)  # no school, no theme, open
    made = _contacts_file(world, year)
    assert made.count == 2 and made.filename == f"steunpunt-contacten-{year.label}.xlsx"
    book = _book(made)
    assert book.sheetnames == ["Contacten", "Totalen"]
    header, first, second = _rows(book["Contacten"])
    assert header == export.CONTACT_COLUMNS
    row = dict(zip(header, first, strict=True))
    assert row == {
        "Referentie": f"{day:%Y}-{contact.pk:04d}",
        "Datum": datetime.datetime.combine(day, datetime.time()),  # a real date in the file
        "Maand": f"{day:%Y-%m}",
        "Schooljaar": year.label,
        "Kanaal": "E-mail",
        "Wie": "Ouder",
        "School": "Alfa College",
        "BRIN": "11AA00",
        "Thema's": "Vervoer, OPP",
        "Wat is gedaan": "Informatie gegeven, Doorverwezen",
        "Doorverwezen": "ja",
        "Vervolg nodig": "ja",
        "Vervolg uiterlijk op": datetime.datetime.combine(day + 7 * DAY, datetime.time()),
        "Afgesloten op": datetime.datetime.combine(day + 9 * DAY, datetime.time()),
        "Signaal": "ja",
        "Trend": trend.title,
    }
    assert book["Contacten"]["B2"].is_date and book["Contacten"]["B2"].number_format == "dd-mm-yyyy"
    other = dict(zip(header, second, strict=True))
    assert (other["School"], other["BRIN"], other["Thema's"]) == (None, None, None)
    assert (other["Doorverwezen"], other["Signaal"], other["Afgesloten op"]) == ("nee", "nee", None)


def test_the_totals_count_per_theme_and_per_channel(world, year):
    transport, opp = a_theme(world.tenant_a, "Vervoer", 1), a_theme(world.tenant_a, "OPP", 2)
    a_theme(world.tenant_a, "Thuiszitten", 3)  # no contact: shown with 0
    day = year.first_day + 10 * DAY
    a_contact(world.tenant_a, received_on=day, themes=[transport, opp])
    a_contact(world.tenant_a, received_on=day, themes=[transport], channel=Channel.FORM)
    a_contact(world.tenant_a, received_on=day)
    totals = {row[0]: row[1] for row in _rows(_book(_contacts_file(world, year))["Totalen"]) if row}
    assert totals["Vervoer"] == 2 and totals["OPP"] == 1 and totals["Thuiszitten"] == 0
    assert totals["(zonder thema)"] == 1
    assert totals["Telefoon"] == 2 and totals["Formulier"] == 1 and totals["E-mail"] == 0
    assert totals["Contacten in totaal"] == 3
    assert totals[f"Contacten in {year.label}"] is None


def test_no_free_text_and_no_call_back_data_is_anywhere_in_the_workbook(world, year):
    day = year.first_day + 20 * DAY
    a_contact(
        world.tenant_a,
        received_on=day,
        channel=Channel.FORM,
        from_form=True,
        callback=CALLBACK,
        actions=[Action.REFERRED],
        follow_up_needed=True,
        **SECRETS,
    )
    made = _contacts_file(world, year)
    cells = [
        str(value)
        for sheet in _book(made).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    with zipfile.ZipFile(io.BytesIO(made.content)) as archive:
        xml = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for secret in [*SECRETS.values(), *CALLBACK.values(), "0611122233"]:
        assert not [c for c in cells if secret in c], secret
        assert secret not in xml, secret
    assert not any("terugbel" in c.casefold() for c in cells)  # not even whether one was asked
    assert made.count == 1


def test_only_the_chosen_school_year_and_only_the_own_tenant(world, year):
    a_contact(world.tenant_a, received_on=year.first_day, summary="in")
    a_contact(world.tenant_a, received_on=year.last_day)
    a_contact(world.tenant_a, received_on=year.first_day - DAY)  # the year before
    a_contact(world.tenant_a, received_on=year.last_day + DAY)  # the year after
    a_contact(world.tenant_b, received_on=year.first_day + DAY, school=world.school_b1)
    made = _contacts_file(world, year)
    rows = _rows(_book(made)["Contacten"])[1:]
    assert made.count == len(rows) == 2
    assert {r[1].date() for r in rows} == {year.first_day, year.last_day}
    text = repr(_rows(_book(made)["Totalen"])) + repr(rows)
    assert "GEHEIM-B" not in text and "22BB00" not in text


def test_a_formula_looking_name_is_written_as_text(world, year):
    theme = a_theme(world.tenant_a, '=HYPERLINK("https://example.com")', 1)
    a_contact(world.tenant_a, received_on=year.first_day, themes=[theme])
    book = _book(_contacts_file(world, year))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + theme.name in [c.value for c in cells]


def test_the_trends_file_counts_signals_in_total_and_in_the_year(world, year):
    transport = a_theme(world.tenant_a, "Vervoer", 1)
    before = a_contact(world.tenant_a, received_on=year.first_day - 30 * DAY)
    during = [a_contact(world.tenant_a, received_on=year.first_day + n * DAY) for n in (5, 50)]
    trend = a_trend(
        world.tenant_a,
        title="Vervoer naar het vso",
        signals=[before, *during],
        signalled_on=year.first_day - 20 * DAY,
        status=TrendStatus.ACTION,
        action_taken="Overleg met de gemeente over de vervoersregeling.",
    )
    with scopes_disabled():
        trend.themes.set([transport])
    a_trend(  # closed before the year began: not in the file
        world.tenant_a,
        title="Oude trend",
        signalled_on=year.first_day - 300 * DAY,
        closed_on=year.first_day - 200 * DAY,
        status=TrendStatus.CLOSED,
    )
    a_trend(world.tenant_a, title="Later", signalled_on=year.last_day + DAY)  # after the year
    a_trend(world.tenant_b, title="GEHEIM-B trend", signalled_on=year.first_day)
    made = _trends_file(world, year)
    book = _book(made)
    assert book.sheetnames == ["Trends"]
    header, *rows = _rows(book["Trends"])
    assert header == export.TREND_COLUMNS and made.count == len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    at = lambda day: datetime.datetime.combine(day, datetime.time())  # noqa: E731
    assert row == {
        "Titel": "Vervoer naar het vso",
        "Thema's": "Vervoer",
        "Status": "Actie ondernomen",
        "Gesignaleerd op": at(year.first_day - 20 * DAY),
        "Afgesloten op": None,
        "Eerst gezien": at(before.received_on),
        "Laatst gezien": at(during[-1].received_on),
        "Signalen in totaal": 3,
        "Signalen in het schooljaar": 2,
        "Ondernomen actie": "Overleg met de gemeente over de vervoersregeling.",
    }


def test_a_trend_signalled_later_but_with_a_signal_in_the_year_is_in_the_file(world, year):
    contact = a_contact(world.tenant_a, received_on=year.last_day - DAY)
    a_trend(
        world.tenant_a, title="Laat gezien", signals=[contact], signalled_on=year.last_day + DAY
    )
    rows = _rows(_book(_trends_file(world, year))["Trends"])[1:]
    assert [(r[0], r[7], r[8]) for r in rows] == [("Laat gezien", 1, 1)]


def test_the_school_years_offered_reach_back_to_the_oldest_contact(world):
    current = SchoolYear.current()
    with scopes_disabled():
        member = world.members[Role.BESTUURDER]
        assert export.school_years(member)[0] == current
        assert export.school_years(member)[-1] == current - export.YEARS_BACK
        a_contact(world.tenant_a, received_on=(current - 7).first_day)
        assert export.school_years(member)[-1] == current - 7
