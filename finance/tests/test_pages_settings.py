"""A new begroting and its header (Dutch euros for the eigen vermogen, the years checked) and the
tenant's settings: the reserve ceiling, the signaleringswaarde as a percentage, the required
bodies."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django_scopes import scopes_disabled

from swvportal.core.versioning import ApprovalBody

from ..models import Begroting, BudgetAmount, FinanceSettings
from .builders import a_begroting, line_titled


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _tenant_url(name: str, world) -> str:
    return reverse(name, kwargs={"tenant_code": world.tenant_a.code})


@pytest.fixture
def bestuurder(world, login):
    return login(world.user("bestuurder"))


def _header(**changes) -> dict:
    data = {
        "title": "Meerjarenbegroting",
        "first_year": "2026",
        "last_year": "2030",
        "opening_reserve": "1.250.000",
        "note": "Eerste opzet",
    }
    data.update(changes)
    return data


# --- A new begroting and its header -------------------------------------------------------------


def test_the_list_offers_a_new_begroting_to_the_bestuurder_only(world, login):
    url = _tenant_url("finance:begroting_list", world)
    assert "Nieuwe begroting" in login(world.user("bestuurder")).get(url).content.decode()
    assert "Nieuwe begroting" not in login(world.user("toezicht")).get(url).content.decode()


def test_a_new_begroting_takes_dutch_euros_for_the_opening_reserve(world, bestuurder):
    response = bestuurder.post(_tenant_url("finance:begroting_create", world), _header())
    with scopes_disabled():
        begroting = Begroting.objects.get(tenant=world.tenant_a)
    assert response.status_code == 302 and response["Location"].endswith(f"/{begroting.pk}/")
    assert (begroting.first_year, begroting.last_year, begroting.opening_reserve) == (
        2026,
        2030,
        1_250_000,
    )
    assert begroting.is_editable and begroting.note == "Eerste opzet"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_year": "2025"}, "Het laatste jaar ligt voor het eerste jaar."),
        ({"last_year": "2040"}, "ten hoogste 10 jaar"),
        ({"opening_reserve": "1.250.000,50"}, "zonder centen"),
        ({"opening_reserve": "veel"}, "is geen bedrag"),
        ({"title": ""}, "Titel"),
    ],
)
def test_a_new_begroting_refuses_bad_input_in_dutch(world, bestuurder, changes, message):
    response = bestuurder.post(_tenant_url("finance:begroting_create", world), _header(**changes))
    assert response.status_code == 422 and message in _text(response.content.decode())
    with scopes_disabled():
        assert not Begroting.objects.filter(tenant=world.tenant_a).exists()


def test_the_header_of_a_concept_is_edited_and_years_that_go_lose_their_amounts(world, bestuurder):
    concept = a_begroting(world.tenant_a)
    url = reverse(
        "finance:begroting_edit",
        kwargs={"tenant_code": world.tenant_a.code, "begroting_id": concept.pk},
    )
    form = bestuurder.get(url).content.decode()
    assert 'value="400.000"' in form  # the opening reserve shown in Dutch notation
    data = _header(first_year="2026", last_year="2027", revision=concept.revision)
    assert bestuurder.post(url, data).status_code == 302
    with scopes_disabled():
        concept.refresh_from_db()
        line = line_titled(concept, "Programma 3 Loket")
        years = sorted(BudgetAmount.objects.filter(line=line).values_list("year", flat=True))
    assert (concept.first_year, concept.opening_reserve, years) == (2026, 1_250_000, [2026, 2027])


def test_the_header_of_a_vastgestelde_version_is_not_edited(world, bestuurder):
    adopted = a_begroting(world.tenant_a, adopted=True)
    url = reverse(
        "finance:begroting_edit",
        kwargs={"tenant_code": world.tenant_a.code, "begroting_id": adopted.pk},
    )
    response = bestuurder.get(url, follow=True)
    assert "is vastgesteld en verandert niet meer" in _text(response.content.decode())
    response = bestuurder.post(url, _header(revision=adopted.revision))
    assert response.status_code == 422
    with scopes_disabled():
        adopted.refresh_from_db()
    assert adopted.first_year == 2025


# --- Settings -------------------------------------------------------------------------------


def _settings(**changes) -> dict:
    data = {
        "reserve_ceiling": "600.000",
        "signal_rate": "3,5",
        "signal_minimum": "250.000",
        "required_bodies": [ApprovalBody.FINANCE, ApprovalBody.RVT],
    }
    data.update(changes)
    return data


def test_the_settings_show_the_defaults_in_dutch(world, bestuurder):
    body = bestuurder.get(_tenant_url("finance:finance_settings", world)).content.decode()
    assert 'value="3,5"' in body and 'value="250.000"' in body
    assert re.search(r"<fieldset[^>]*>\s*<legend>Vereiste goedkeuringen", body)
    assert "Algemene ledenvergadering" not in body  # the ALV adopts; it is no prior step


@pytest.mark.parametrize(
    ("changes", "ceiling", "rate", "minimum", "bodies"),
    [
        ({}, 600_000, Decimal("0.0350"), 250_000, ["financiele_commissie", "rvt"]),
        (
            {"reserve_ceiling": ""},
            None,
            Decimal("0.0350"),
            250_000,
            ["financiele_commissie", "rvt"],
        ),
        ({"signal_rate": "5%", "required_bodies": []}, 600_000, Decimal("0.0500"), 250_000, []),
        (
            {"signal_rate": "2.75", "signal_minimum": "€ 100.000"},
            600_000,
            Decimal("0.0275"),
            100_000,
            ["financiele_commissie", "rvt"],
        ),
    ],
)
def test_the_settings_are_saved(world, bestuurder, changes, ceiling, rate, minimum, bodies):
    response = bestuurder.post(_tenant_url("finance:finance_settings", world), _settings(**changes))
    assert response.status_code == 302
    with scopes_disabled():
        saved = FinanceSettings.objects.get(tenant=world.tenant_a)
    assert (saved.reserve_ceiling, saved.signal_rate, saved.signal_minimum) == (
        ceiling,
        rate,
        minimum,
    )
    assert sorted(saved.required_bodies) == sorted(bodies)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signal_rate": "drie"}, "Vul een percentage in"),
        ({"signal_rate": "150"}, "tussen 0 en 100"),
        ({"signal_rate": ""}, "verplicht"),
        ({"reserve_ceiling": "-5"}, "Een bovengrens is 0 of meer."),
        ({"signal_minimum": "12,5"}, "zonder centen"),
        ({"required_bodies": ["alv"]}, "alv is geen beschikbare keuze"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_saved(world, bestuurder, changes, message):
    response = bestuurder.post(_tenant_url("finance:finance_settings", world), _settings(**changes))
    assert response.status_code == 422 and message in _text(response.content.decode())
    with scopes_disabled():
        assert not FinanceSettings.objects.filter(tenant=world.tenant_a).exists()


@pytest.mark.parametrize("role", ["toezicht", "inspectie", "zorgcoordinator"])
def test_only_the_bestuurder_changes_the_settings(world, login, role):
    client = login(world.user(role))
    assert client.get(_tenant_url("finance:finance_settings", world)).status_code == 403
    assert (
        client.post(_tenant_url("finance:finance_settings", world), _settings()).status_code == 403
    )


@pytest.mark.parametrize(
    "name", ["begroting_form", "settings", "line_form", "amounts_form"], ids=lambda n: n
)
def test_the_form_pages_extend_the_one_frame(name):
    template = get_template(f"finance/pages/{name}.html")
    assert template.template.nodelist[0].parent_name.var == "components/form_page.html"


def test_a_refused_form_keeps_one_h1_the_summary_above_the_fields_and_its_buttons(
    world, bestuurder
):
    page = bestuurder.post(_tenant_url("finance:finance_settings", world), {}).content.decode()
    assert page.count("<h1>") == 1
    form = page[page.index('<form method="post" novalidate') :]
    assert -1 < form.find('class="error-summary"') < form.find('class="field')
    actions = re.search(r'<div class="form-actions">(.*?)</div>', form, re.S)[1]
    assert '<button type="submit">Opslaan</button>' in actions and ">Annuleren</a>" in actions


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("bestuurder", ["Managementrapportages", "Een begroting inlezen", "Instellingen"]),
        ("toezicht", ["Managementrapportages"]),
        ("inspectie", []),
    ],
)
def test_the_list_page_offers_each_role_its_own_ways_on(world, login, role, links):
    page = login(world.user(role)).get("/VOA001/begroting/").content.decode()
    offered = [text for text in ("Managementrapportages", "Een begroting inlezen", "Instellingen")
               if f">{text}" in page]  # fmt: skip
    assert offered == links
    assert ("Nieuwe begroting" in page) == (role == "bestuurder")
