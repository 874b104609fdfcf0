"""The version page's lines (adding lines and sub-lines, their text, deleting after a
confirmation, moving) and what the page refuses: a vastgestelde version changes no more (service
and page), and readers (toezicht, inspectie) see the plain table without controls."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from .. import services
from ..models import BudgetAmount, BudgetLine, Forecast, LineGroup, LineSource
from .builders import a_begroting, line_titled

HX = {"HX-Request": "true"}
LOKET = "Programma 3 Loket"
ZORG = "Programma 1 Zorgbudget vo"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _url(name: str, begroting, **kwargs) -> str:
    return reverse(
        name, kwargs={"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk, **kwargs}
    )


def _titles(begroting, group: str) -> list[str]:
    with scopes_disabled():
        return list(
            BudgetLine.objects.filter(begroting=begroting, group=group, parent=None)
            .order_by("position", "pk")
            .values_list("title", flat=True)
        )


def _line_fields(**changes) -> dict:
    data = {"title": "Programma 6 Thuiszitters", "note": "", "forecast": "", "source": ""}
    data.update(changes)
    return data


@pytest.fixture
def concept(world):
    return a_begroting(world.tenant_a)


@pytest.fixture
def adopted(world):
    return a_begroting(world.tenant_a, adopted=True)


@pytest.fixture
def bestuurder(world, login):
    return login(world.user("bestuurder"))


# --- Adding and editing lines -------------------------------------------------------------------


def test_a_line_is_added_at_the_end_of_its_group(bestuurder, concept):
    page = bestuurder.get(_url("finance:line_create", concept) + "?groep=programmas")
    assert page.status_code == 200 and 'value="programmas" selected' in page.content.decode()
    response = bestuurder.post(
        _url("finance:line_create", concept), {"groep": "programmas", **_line_fields()}
    )
    assert response.status_code == 302
    assert _titles(concept, LineGroup.PROGRAMMES) == [ZORG, LOKET, "Programma 6 Thuiszitters"]


def test_a_line_needs_a_title_and_a_group(bestuurder, concept):
    response = bestuurder.post(_url("finance:line_create", concept), _line_fields(title=""))
    assert response.status_code == 422
    assert "Kies de groep waarin de regel komt." in _text(response.content.decode())
    response = bestuurder.post(
        _url("finance:line_create", concept), {"groep": "baten", **_line_fields(title="")}
    )
    assert response.status_code == 422 and "Omschrijving" in _text(response.content.decode())
    assert len(_titles(concept, LineGroup.PROGRAMMES)) == 2


def test_the_first_sub_line_takes_over_the_amounts_and_the_parent_shows_their_sum(
    bestuurder, concept
):
    parent = line_titled(concept, LOKET)
    url = _url("finance:subline_create", concept, line_id=parent.pk)
    assert "gaan naar deze subregel" in _text(bestuurder.get(url).content.decode())
    response = bestuurder.post(url, _line_fields(title="Loket: personeel"), follow=True)
    assert "De bedragen van de hoofdregel staan nu bij deze subregel." in _text(
        response.content.decode()
    )
    bestuurder.post(url, _line_fields(title="Loket: huisvesting"))
    with scopes_disabled():
        subs = list(parent.children.order_by("position"))
        assert [s.title for s in subs] == ["Loket: personeel", "Loket: huisvesting"]
        assert not BudgetAmount.objects.filter(line=parent).exists()
        services.amounts_set(line=subs[1], amounts={2025: 10_000, 2026: 10_000, 2027: 10_000})
    body = bestuurder.get(_url("finance:begroting_detail", concept)).content.decode()
    row = re.search(rf'<tr id="regel-{parent.pk}".*?</tr>', body, re.S).group(0)
    assert _text(row).startswith(f"{LOKET} Som van de subregels 210.000 210.000 210.000")
    assert "Totaal programma's 910.000 910.000 910.000" in _text(body)


def test_a_lines_title_note_forecast_and_source_are_edited(bestuurder, concept):
    line = line_titled(concept, "Afdracht ondersteuningsbekostiging vso (via DUO)")
    url = _url("finance:line_edit", concept, line_id=line.pk)
    assert bestuurder.get(url).status_code == 200
    data = _line_fields(
        title="Afdracht vso",
        note="Volgens de TLV's op 1 oktober",
        forecast=Forecast.VSO_TRANSFER,
        revision=line.revision,
    )
    response = bestuurder.post(url, data, follow=True)
    assert "Opgeslagen: Afdracht vso." in _text(response.content.decode())
    row = re.search(rf'<tr id="regel-{line.pk}".*?</tr>', response.content.decode(), re.S)
    assert "Volgens de TLV's op 1 oktober" in html.unescape(row.group(0))
    with scopes_disabled():
        line.refresh_from_db()
    assert (line.title, line.forecast) == ("Afdracht vso", Forecast.VSO_TRANSFER)


def test_editing_a_line_someone_else_changed_shows_a_conflict(world, bestuurder, concept):
    line = line_titled(concept, LOKET)
    stale = line.revision
    with scopes_disabled():
        services.line_update(line=line, data={"title": "Loket (nieuw)"}, by=world.user("toezicht"))
    response = bestuurder.post(
        _url("finance:line_edit", concept, line_id=line.pk),
        _line_fields(title="Mijn titel", revision=stale),
    )
    assert response.status_code == 409
    body = _text(response.content.decode())
    assert "intussen gewijzigd" in body and "Mijn titel" in body
    assert 'value="Loket (nieuw)"' in html.unescape(response.content.decode())


# --- Deleting and moving ------------------------------------------------------------------------


def test_deleting_asks_first_and_names_the_sub_lines_that_go_too(bestuurder, concept):
    parent = line_titled(concept, LOKET)
    with scopes_disabled():
        services.line_create(begroting=concept, group=parent.group, parent=parent, title="Post a")
    url = _url("finance:line_delete", concept, line_id=parent.pk)
    confirm = _text(bestuurder.get(url).content.decode())
    assert f"Weet u zeker dat u de regel “{LOKET}” wilt verwijderen?" in confirm
    assert "Haar 1 subregel en al hun bedragen verdwijnen ook: Post a" in confirm
    assert _titles(concept, LineGroup.PROGRAMMES) == [ZORG, LOKET]  # a GET deletes nothing
    response = bestuurder.post(url, follow=True)
    assert f"Regel verwijderd: {LOKET}." in _text(response.content.decode())
    assert _titles(concept, LineGroup.PROGRAMMES) == [ZORG]
    with scopes_disabled():
        assert not BudgetLine.objects.filter(title="Post a").exists()
        assert not BudgetAmount.objects.filter(line_id=parent.pk).exists()


@pytest.mark.parametrize(
    ("title", "direction", "expected"),
    [
        (LOKET, "omhoog", [LOKET, ZORG]),
        (ZORG, "omlaag", [LOKET, ZORG]),
        (ZORG, "omhoog", [ZORG, LOKET]),  # the first stays first
        (LOKET, "omlaag", [ZORG, LOKET]),
    ],
)
def test_moving_a_line_among_its_group(bestuurder, concept, title, direction, expected):
    line = line_titled(concept, title)
    url = _url("finance:line_move", concept, line_id=line.pk)
    response = bestuurder.post(url, {"richting": direction}, headers=HX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#begroting-tabel-wrap"
    assert re.search(rf'<tr id="regel-{line.pk}"[^>]*data-focus', response.content.decode())
    assert _titles(concept, LineGroup.PROGRAMMES) == expected


def test_moving_is_post_only_and_offers_only_what_works(bestuurder, concept):
    line = line_titled(concept, ZORG)
    assert bestuurder.get(_url("finance:line_move", concept, line_id=line.pk)).status_code == 405
    body = bestuurder.get(_url("finance:begroting_detail", concept)).content.decode()
    first = re.search(rf'<tr id="regel-{line.pk}".*?</tr>', body, re.S).group(0)
    assert f'Omlaag<span class="visually-hidden">: {ZORG}' in first and "Omhoog" not in first
    without_js = bestuurder.post(
        _url("finance:line_move", concept, line_id=line.pk), {"richting": "omlaag"}
    )
    assert without_js.status_code == 302 and without_js["Location"].endswith(f"#regel-{line.pk}")


# --- What is refused ------------------------------------------------------------------------------


def test_the_services_refuse_changes_to_a_vastgestelde_version(adopted):
    line = line_titled(adopted, LOKET)
    with scopes_disabled(), pytest.raises(ValidationError, match="is vastgesteld"):
        services.amounts_set(line=line, amounts={2025: 1})
    with scopes_disabled(), pytest.raises(ValidationError, match="is vastgesteld"):
        services.line_create(begroting=adopted, group=LineGroup.INCOME, title="Nieuw")


@pytest.mark.parametrize("name", ["amounts_edit", "line_edit", "line_delete", "subline_create"])
def test_the_pages_refuse_a_vastgestelde_version_in_dutch(bestuurder, adopted, name):
    line = line_titled(adopted, LOKET)
    url = _url(f"finance:{name}", adopted, line_id=line.pk)
    response = bestuurder.get(url, follow=True)
    assert "is vastgesteld en verandert niet meer" in _text(response.content.decode())
    assert response.redirect_chain and "Bedragen wijzigen" not in response.content.decode()


def test_posting_to_a_vastgestelde_version_changes_nothing(bestuurder, adopted):
    line = line_titled(adopted, LOKET)
    data = {f"regel-{line.pk}-bedrag_2025": "5", f"regel-{line.pk}-revision": line.revision}
    response = bestuurder.post(_url("finance:amounts_edit", adopted, line_id=line.pk), data)
    assert response.status_code == 422 and "is vastgesteld" in _text(response.content.decode())
    response = bestuurder.post(_url("finance:line_delete", adopted, line_id=line.pk))
    assert response.status_code == 422
    with scopes_disabled():
        assert BudgetAmount.objects.get(line=line, year=2025).amount == 200_000


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_readers_see_the_plain_table(world, login, adopted, role):
    body = login(world.user(role)).get(_url("finance:begroting_detail", adopted)).content.decode()
    assert "Resultaat" in body and "Totale baten" in body
    for control in ("Bedragen wijzigen", "Regel toevoegen", "Verwijderen", "Omhoog", "Acties"):
        assert control not in body


def test_the_bestuurder_sees_no_controls_on_a_vastgestelde_version(bestuurder, adopted):
    body = bestuurder.get(_url("finance:begroting_detail", adopted)).content.decode()
    assert "Deze versie is vastgesteld" in body
    assert "Bedragen wijzigen" not in body and "Regel toevoegen" not in body


def test_toezicht_reads_a_concept_but_may_not_change_it(world, login, concept):
    client = login(world.user("toezicht"))
    body = client.get(_url("finance:begroting_detail", concept)).content.decode()
    assert "Programma 3 Loket" in body and "Bedragen wijzigen" not in body
    line = line_titled(concept, LOKET)
    assert client.get(_url("finance:amounts_edit", concept, line_id=line.pk)).status_code == 403


def test_a_vangnet_source_is_not_offered_to_a_sub_line(bestuurder, concept):
    parent = line_titled(concept, LOKET)
    body = bestuurder.get(
        _url("finance:subline_create", concept, line_id=parent.pk)
    ).content.decode()
    assert f'value="{LineSource.VANGNET}"' not in body
