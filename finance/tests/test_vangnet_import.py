"""Importing DUO's figures: a dry run saves nothing, a file with a bad row saves nothing and
names the row in Dutch, a good file saves every row as a DUO figure."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from finance.models import FigureSource, VangnetFigure
from finance.tests.builders_vangnet import a_vangnet_school
from finance.vangnet_data import current_school_year
from swvportal.accounts.models import Role

HEADER = ["brin", "cijfer", "peildatum", "categorie", "aantal", "toelichting"]
GOOD = [
    ["11VS00", "tlv", "1 september", "laag", 3, "Telling DUO 1 oktober"],
    ["11vs00", "uitstroom", "", "midden", 1, ""],
]


def _xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("duo.xlsx", out.getvalue())


@pytest.fixture
def page(world, login):
    a_vangnet_school(world)
    client = login(world.user(Role.BESTUURDER))
    url = reverse("finance:vangnet_import", kwargs={"tenant_code": world.tenant_a.code})

    def post(rows, *, save: bool):
        data = {"school_year": current_school_year(), "file": _xlsx(rows)}
        data["opslaan" if save else "controleren"] = "1"
        return client.post(url, data)

    return post


def _figures():
    with scopes_disabled():
        return list(VangnetFigure.objects.values_list("kind", "peildatum", "category", "value"))


def test_a_check_saves_nothing_and_a_save_saves_every_row(page):
    checked = page(GOOD, save=False)
    assert checked.status_code == 200 and "Geen fouten in 2 regels" in checked.content.decode()
    assert _figures() == []
    saved = page(GOOD, save=True)
    assert saved.status_code == 302
    assert sorted(_figures()) == [("tlv", "sep", "laag", 3), ("uitstroom", "", "midden", 1)]
    with scopes_disabled():
        assert set(VangnetFigure.objects.values_list("source", flat=True)) == {FigureSource.DUO}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["99XX00", "tlv", "1 juni", "laag", 2, ""], "regel 3: brin: 99XX00 is geen school"),
        (["11VS00", "uitstroom", "1 juni", "laag", 2, ""], "regel 3: peildatum: Instroom en"),
        (["11VS00", "tlv", "1 juni", "laag", "twee", ""], "regel 3: aantal:"),
        (["11VS00", "tlv", "1 juni", "super", 2, ""], "regel 3: categorie:"),
    ],
)
def test_a_bad_row_saves_nothing_and_is_named(page, bad, message):
    answer = page([GOOD[0], bad], save=True)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert _figures() == []


def test_a_file_without_the_columns_is_refused(world, login):
    client = login(world.user(Role.BESTUURDER))
    url = reverse("finance:vangnet_import", kwargs={"tenant_code": world.tenant_a.code})
    upload = SimpleUploadedFile("duo.csv", b"naam;aantal\nx;1\n")
    answer = client.post(url, {"school_year": current_school_year(), "file": upload})
    assert answer.status_code == 400 and "mist de kolom" in answer.content.decode()
