"""Making a jaarplan: the page (what it will do, the carry-over candidates, generating once)
and ``manage.py create_jaarplan``."""

from __future__ import annotations

import datetime
import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_scopes import scopes_disabled

from plans.jaarplan.views.status import jaarplan_page_url
from plans.jaarplan.views.status_generate import default_year
from plans.models import Activity, Improvement, Jaarplan

from .builders import a_jaarplan, adopt, an_activity, an_adopted_plan

pytestmark = pytest.mark.django_db

B = "bestuurder"


def url(name: str, **kwargs) -> str:
    return reverse(f"jaarplan:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- Making a jaarplan ------------------------------------------------------------------------


def test_the_generate_page_says_what_will_happen_and_offers_no_carry_over_ticked(world, login):
    an_adopted_plan(world.tenant_a)
    last_year = a_jaarplan(world.tenant_a, 2026)
    open_one = an_activity(last_year, result="Nog bezig", status="loopt")
    an_activity(last_year, result="Al klaar", status="gereed")
    client = login(world.user(B))
    page = client.get(url("jaarplan_generate") + "?schooljaar=2027-2028")
    assert page.status_code == 200
    body = text(page)
    assert "5 stappen" in body and "nieuw jaarplan 2027-2028" in body
    assert "Nog bezig" in body and "Al klaar" not in body
    assert f'value="{open_one.pk}"' in body and "checked" not in body.split("Overnemen naar")[1]


def test_alles_selecteren_ticks_every_candidate(world, login):
    an_adopted_plan(world.tenant_a)
    last_year = a_jaarplan(world.tenant_a, 2026)
    an_activity(last_year, result="Een", status="loopt")
    an_activity(last_year, result="Twee")
    page = login(world.user(B)).get(url("jaarplan_generate") + "?schooljaar=2027-2028&alles=1")
    assert text(page).split("Overnemen naar")[1].count("checked") == 2


def test_a_change_of_school_year_refreshes_only_the_preparation(world, login):
    an_adopted_plan(world.tenant_a)
    client = login(world.user(B))
    part = client.get(
        url("jaarplan_generate") + "?schooljaar=2028-2029", headers={"HX-Request": "true"}
    )
    body = text(part)
    assert body.lstrip().startswith('<div id="preparation">') and "<h1>" not in body
    assert "Wat er gebeurt voor 2028-2029" in body


def test_generating_carries_only_what_was_ticked(world, login):
    an_adopted_plan(world.tenant_a)
    last_year = a_jaarplan(world.tenant_a, 2026)
    ticked = an_activity(last_year, result="Gekozen", status="loopt")
    an_activity(last_year, result="Niet gekozen")
    client = login(world.user(B))
    response = client.post(
        url("jaarplan_generate"), {"schooljaar": "2027-2028", "carry": [ticked.pk]}, follow=True
    )
    with scopes_disabled():
        made = Jaarplan.objects.get(tenant=world.tenant_a, school_year=2027)
        carried = list(Activity.objects.filter(jaarplan=made))
    assert response.redirect_chain[0][0] == jaarplan_page_url(made)
    assert [a.carried_from_id for a in carried] == [ticked.pk]
    said = text(response)
    assert "Het jaarplan 2027-2028 is gemaakt: 5 verbeterpunten" in said
    assert "1 activiteit overgenomen uit 2026-2027" in said


def test_generating_twice_adds_nothing_and_says_so(world, login):
    an_adopted_plan(world.tenant_a)
    client = login(world.user(B))
    client.post(url("jaarplan_generate"), {"schooljaar": "2026-2027"})
    again = client.post(url("jaarplan_generate"), {"schooljaar": "2026-2027"}, follow=True)
    with scopes_disabled():
        assert Jaarplan.objects.filter(tenant=world.tenant_a, school_year=2026).count() == 1
        assert Improvement.objects.filter(jaarplan__tenant=world.tenant_a).count() == 4
    assert "had alle verbeterpunten al; er is niets toegevoegd" in text(again)


def test_a_carry_choice_that_is_not_offered_is_refused_and_saves_nothing(world, login):
    an_adopted_plan(world.tenant_a)
    last_year = a_jaarplan(world.tenant_a, 2026)
    done = an_activity(last_year, status="gereed")
    response = login(world.user(B)).post(
        url("jaarplan_generate"), {"schooljaar": "2027-2028", "carry": [done.pk]}
    )
    assert response.status_code == 422
    assert "kan niet (meer) worden overgenomen" in text(response)
    with scopes_disabled():
        assert not Jaarplan.objects.filter(tenant=world.tenant_a, school_year=2027).exists()


def test_a_school_year_without_an_adopted_plan_gets_the_services_message(world, login):
    an_adopted_plan(world.tenant_a)
    response = login(world.user(B)).post(url("jaarplan_generate"), {"schooljaar": "2035-2036"})
    assert response.status_code == 422
    assert "Er is geen vastgesteld ondersteuningsplan voor 2035-2036" in text(response)
    assert "Er ging iets mis" in text(response)
    bad = login(world.user(B)).post(url("jaarplan_generate"), {"schooljaar": "volgend jaar"})
    assert bad.status_code == 422 and "Kies een schooljaar uit de lijst" in text(bad)
    with scopes_disabled():
        assert not Jaarplan.objects.exists()


def test_without_an_adopted_plan_the_page_says_what_to_do_first(world, login):
    page = login(world.user(B)).get(url("jaarplan_generate"))
    assert page.status_code == 200
    assert "Er is nog geen vastgesteld ondersteuningsplan" in text(page)


def test_an_adopted_jaarplan_is_not_regenerated_through_the_page(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    adopt(jaarplan)
    client = login(world.user(B))
    page = text(client.get(url("jaarplan_generate") + "?schooljaar=2026-2027"))
    assert "Maak een nieuwe versie" in page and "Jaarplan 2026-2027 bijwerken" not in page
    refused = client.post(url("jaarplan_generate"), {"schooljaar": "2026-2027"})
    assert refused.status_code == 422 and "Maak een nieuwe versie" in text(refused)
    with scopes_disabled():
        assert Improvement.objects.filter(jaarplan=jaarplan).count() == 4


@pytest.mark.parametrize("role", ["loket", "deskundige", "zorgcoordinator", "toezicht"])
def test_only_the_bestuurder_makes_a_jaarplan(world, login, role):
    an_adopted_plan(world.tenant_a)
    client = login(world.user(role))
    assert client.get(url("jaarplan_generate")).status_code == 403
    assert client.post(url("jaarplan_generate"), {"schooljaar": "2026-2027"}).status_code == 403
    with scopes_disabled():
        assert not Jaarplan.objects.exists()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 12, 1), 2026),  # in the year: this year
        (datetime.date(2027, 5, 15), 2027),  # from May: the coming one
        (datetime.date(2027, 8, 1), 2027),
        (datetime.date(2031, 1, 1), 2029),  # after the plan: its last year
    ],
)
def test_the_default_school_year(today, expected):
    assert default_year([2026, 2027, 2028, 2029], today) == expected


# --- The command ------------------------------------------------------------------------------


def test_create_jaarplan_makes_the_jaarplan_and_says_what_it_made(world):
    an_adopted_plan(world.tenant_a)
    out = StringIO()
    call_command("create_jaarplan", "--tenant", "VOA001", "--schooljaar", "2026-2027", stdout=out)
    assert "Gemaakt: jaarplan 2026-2027 van VOA001" in out.getvalue()
    assert "Verbeterpunten toegevoegd: 4." in out.getvalue()
    again = StringIO()
    call_command("create_jaarplan", "--tenant", "VOA001", "--schooljaar", "2026-2027", stdout=again)
    assert "Bijgewerkt" in again.getvalue() and "Verbeterpunten toegevoegd: 0." in again.getvalue()


def test_create_jaarplan_carries_all_or_none(world):
    an_adopted_plan(world.tenant_a)
    last_year = a_jaarplan(world.tenant_a, 2026)
    an_activity(last_year, result="Open", status="loopt")
    an_activity(last_year, result="Ook open")
    out = StringIO()
    call_command(
        "create_jaarplan", "--tenant", "VOA001", "--schooljaar", "2027-2028", stdout=out
    )  # none by default
    assert "Activiteiten overgenomen uit 2026-2027: 0." in out.getvalue()
    out = StringIO()
    call_command(
        "create_jaarplan",
        "--tenant",
        "VOA001",
        "--schooljaar",
        "2027-2028",
        "--neem-over",
        "all",
        stdout=out,
    )
    assert "Activiteiten overgenomen uit 2026-2027: 2." in out.getvalue()


@pytest.mark.parametrize(
    ("tenant", "year", "message"),
    [
        ("ONBEKEND", "2026-2027", "Onbekend samenwerkingsverband"),
        ("VOA001", "2026", "Schrijf een schooljaar als 2026-2027"),
        ("VOA001", "2026-2028", "op elkaar volgen"),
        ("VOA001", "2035-2036", "Er is geen vastgesteld ondersteuningsplan voor 2035-2036"),
    ],
)
def test_create_jaarplan_refuses_in_dutch(world, tenant, year, message):
    an_adopted_plan(world.tenant_a)
    with pytest.raises(CommandError, match=message):
        call_command("create_jaarplan", "--tenant", tenant, "--schooljaar", year)
