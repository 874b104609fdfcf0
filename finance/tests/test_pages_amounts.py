"""Editing a line's amounts on the version page: in place with htmx (Dutch input, a Dutch error
per field and nothing saved, the whole table with its totals and resultaat after saving, the
focus back on the row, the revision guard) and the same URLs as pages without JavaScript."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from ..models import BudgetAmount, LineGroup, LineSource
from ..selectors import begroting_table
from ..services import line_create, line_update
from .builders import YEARS, a_begroting, line_titled

HX = {"HX-Request": "true"}
LOKET = "Programma 3 Loket"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _url(name: str, begroting, **kwargs) -> str:
    return reverse(
        name, kwargs={"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk, **kwargs}
    )


def _amounts(line) -> dict[int, int]:
    with scopes_disabled():
        return dict(BudgetAmount.objects.filter(line=line).values_list("year", "amount"))


def _post(line, values, revision=None) -> dict:
    data = {
        f"regel-{line.pk}-bedrag_{year}": value for year, value in zip(YEARS, values, strict=True)
    }
    data[f"regel-{line.pk}-revision"] = line.revision if revision is None else revision
    return data


@pytest.fixture
def concept(world):
    return a_begroting(world.tenant_a)


@pytest.fixture
def bestuurder(world, login):
    return login(world.user("bestuurder"))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.234.567", 1_234_567),
        ("€ 1.234", 1_234),
        ("-2.500", -2_500),
        ("1.234,00", 1_234),
        ("250000", 250_000),
        ("", 0),
    ],
)
def test_dutch_input_is_saved_as_whole_euros(bestuurder, concept, typed, stored):
    line = line_titled(concept, LOKET)
    url = _url("finance:amounts_edit", concept, line_id=line.pk)
    response = bestuurder.post(url, _post(line, [typed, "200.000", "200.000"]), headers=HX)
    assert response.status_code == 200
    assert _amounts(line) == {2025: stored, 2026: 200_000, 2027: 200_000}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,50", "Vul hele euro's in, zonder centen"),
        ("twaalf", "is geen bedrag"),
        ("1.23.4", "is geen bedrag"),
        ("9.999.999.999.999", "te groot"),
    ],
)
def test_bad_input_says_why_per_field_and_saves_nothing(bestuurder, concept, typed, message):
    line = line_titled(concept, LOKET)
    url = _url("finance:amounts_edit", concept, line_id=line.pk)
    response = bestuurder.post(url, _post(line, ["300.000", typed, "100.000"]), headers=HX)
    assert response.status_code == 422
    body = response.content.decode()
    error = re.search(
        rf'<p class="field-error" id="id_regel-{line.pk}-bedrag_2026-error">(.*?)</p>', body
    )
    assert error and message in html.unescape(error.group(1))
    assert f'aria-describedby="id_regel-{line.pk}-bedrag_2026-error"' in body
    assert f'id="regel-{line.pk}"' in body and "<h1" not in body  # the row, not a page
    assert _amounts(line) == {2025: 200_000, 2026: 200_000, 2027: 200_000}  # nothing saved


def test_the_form_row_has_one_labelled_numeric_input_per_year(bestuurder, concept):
    with scopes_disabled():
        line = line_titled(concept, LOKET)
        line_create(
            begroting=concept, group=LineGroup.INCOME, title="Groot", amounts={2025: 1_234_567}
        )
    response = bestuurder.get(_url("finance:amounts_edit", concept, line_id=line.pk), headers=HX)
    body = response.content.decode()
    assert response.status_code == 200 and "<h1" not in body
    for year in YEARS:
        field = f"id_regel-{line.pk}-bedrag_{year}"
        assert re.search(
            rf'<label for="{field}" class="visually-hidden">Bedrag {year} voor {LOKET}</label>',
            body,
        )
        tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', body).group(0)
        assert 'inputmode="numeric"' in tag and f'form="bedragen-{line.pk}"' in tag
        assert 'value="200.000"' in tag
    assert "data-escape-cancel" in body and "data-cancel" in body
    assert re.search(r"<input[^>]*autofocus[^>]*bedrag_2025|bedrag_2025[^>]*autofocus", body)


def test_saving_swaps_the_table_with_new_totals_and_focus_on_the_row(bestuurder, concept):
    line = line_titled(concept, LOKET)
    url = _url("finance:amounts_edit", concept, line_id=line.pk)
    response = bestuurder.post(url, _post(line, ["250.000", "200.000", "150.000"]), headers=HX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#begroting-tabel-wrap"
    body = response.content.decode()
    row = re.search(rf'<tr id="regel-{line.pk}"[^>]*>', body).group(0)
    assert "data-focus" in row and "Opgeslagen: de bedragen van Programma 3 Loket." in row
    assert "saved-notice" in body
    text = _text(body)
    # programma's 700.000 + 250.000 / 200.000 / 150.000; baten 1.200.000; afdrachten 300.000
    assert "Totaal programma's 950.000 900.000 850.000" in text
    assert "Totale lasten 1.250.000 1.200.000 1.150.000" in text
    assert "Resultaat −50.000 0 50.000" in text


def test_without_javascript_the_form_is_a_page_and_saving_redirects(bestuurder, concept):
    line = line_titled(concept, LOKET)
    url = _url("finance:amounts_edit", concept, line_id=line.pk)
    page = bestuurder.get(url).content.decode()
    assert "<h1>Bedragen wijzigen</h1>" in page and 'form="bedragen-' not in page
    assert f'<label for="id_regel-{line.pk}-bedrag_2026">Bedrag 2026 voor {LOKET}' in page
    response = bestuurder.post(url, _post(line, ["1", "2", "3"]), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/{concept.pk}/#regel-{line.pk}")
    assert "Opgeslagen: de bedragen van Programma 3 Loket." in _text(response.content.decode())
    assert _amounts(line) == {2025: 1, 2026: 2, 2027: 3}


def test_a_revision_conflict_shows_the_current_values_and_keeps_them(world, bestuurder, concept):
    line = line_titled(concept, LOKET)
    stale = line.revision
    with scopes_disabled():
        from ..services import amounts_set

        amounts_set(line=line, amounts={2025: 111_111}, by=world.user("toezicht"))
    url = _url("finance:amounts_edit", concept, line_id=line.pk)
    response = bestuurder.post(url, _post(line, ["5", "5", "5"], revision=stale), headers=HX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen gewijzigd" in body and 'value="111.111"' in body
    assert _amounts(line)[2025] == 111_111


def test_annuleren_puts_the_row_back_with_the_focus(bestuurder, concept):
    line = line_titled(concept, LOKET)
    response = bestuurder.get(_url("finance:line_show", concept, line_id=line.pk), headers=HX)
    body = response.content.decode()
    assert response.status_code == 200 and body.strip().startswith("<tr")
    assert re.search(rf'<tr id="regel-{line.pk}"[^>]*data-focus', body)
    assert "Bedragen wijzigen" in body
    plain = bestuurder.get(_url("finance:line_show", concept, line_id=line.pk))
    assert plain.status_code == 302 and plain["Location"].endswith(f"#regel-{line.pk}")


def test_a_parent_line_is_the_sum_of_its_sub_lines_and_takes_no_amounts(bestuurder, concept):
    with scopes_disabled():
        parent = line_titled(concept, LOKET)
        first = line_create(begroting=concept, group=parent.group, parent=parent, title="Post a")
        line_create(
            begroting=concept,
            group=parent.group,
            parent=parent,
            title="Post b",
            amounts={2025: 50_000, 2026: 0, 2027: 25_000},
        )
        table = begroting_table(concept)
    row = next(r for r in table.rows() if r.line.id == parent.pk)
    assert row.has_children and row.amounts == {2025: 250_000, 2026: 200_000, 2027: 225_000}
    assert _amounts(first) == {2025: 200_000, 2026: 200_000, 2027: 200_000}  # taken over
    page = bestuurder.get(_url("finance:begroting_detail", concept)).content.decode()
    parent_row = re.search(rf'<tr id="regel-{parent.pk}".*?</tr>', page, re.S).group(0)
    assert "Som van de subregels" in parent_row and "Bedragen wijzigen" not in parent_row
    response = bestuurder.post(
        _url("finance:amounts_edit", concept, line_id=parent.pk), _post(parent, ["1", "1", "1"])
    )
    assert response.status_code == 422
    assert "zijn bedrag is hun som" in _text(response.content.decode())
    refused = bestuurder.get(_url("finance:amounts_edit", concept, line_id=parent.pk), follow=True)
    assert "Wijzig de bedragen van de subregels" in _text(refused.content.decode())


def test_a_vangnet_line_has_no_inputs_and_says_where_its_amounts_come_from(bestuurder, concept):
    line = line_titled(concept, LOKET)
    with scopes_disabled():
        line_update(line=line, data={"source": LineSource.VANGNET})
    page = bestuurder.get(_url("finance:begroting_detail", concept)).content.decode()
    row = re.search(rf'<tr id="regel-{line.pk}".*?</tr>', page, re.S).group(0)
    assert "goedgekeurde vangnetdeclaraties" in row and "Bedragen wijzigen" not in row
    response = bestuurder.get(_url("finance:amounts_edit", concept, line_id=line.pk), headers=HX)
    assert response.status_code == 200 and response["HX-Redirect"].endswith(f"#regel-{line.pk}")
