"""The jaarplan's pages: the list, the jaarplan by pijler and doel for every role, its filters,
the other parts' panels and row actions, the doel's indicators, and the pijler page of the OSP
showing this year's activities (issue 14, Build 2 and 6)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from monitoring.tests.factories import make as make_indicator
from pillars.models import Pillar
from plans.jaarplan import services
from plans.jaarplan.generate import jaarplan_generate
from plans.jaarplan.views import panels
from plans.jaarplan.views.pages import url_or_none
from plans.models import Improvement
from plans.tests.jaarplan.builders import a_jaarplan, adopt, an_activity, first_improvement
from swvportal.core.panels import Panel
from swvportal.core.schoolyear import SchoolYear

HX = {"HX-Request": "true"}
TREE = {**HX, "HX-Target": "jaarplan-tree"}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _page(jaarplan, name: str = "jaarplan:jaarplan_detail") -> str:
    return reverse(name, kwargs={"tenant_code": jaarplan.tenant.code, "jaarplan_id": jaarplan.pk})


def _list(tenant) -> str:
    return reverse("jaarplan:jaarplan_list", kwargs={"tenant_code": tenant.code})


def _row(page: str, activity) -> str:
    start = page.index(f'id="activiteit-{activity.pk}"')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def jaarplan(world):
    return a_jaarplan(world.tenant_a)


@pytest.fixture
def activities(world, jaarplan):
    """Three activities on the first verbeterpunt: one late, one gereed long ago, one later."""
    today = timezone.localdate()
    zorg = world.user("zorgcoordinator")
    return {
        "late": an_activity(
            jaarplan,
            result="Een plan dat te laat is",
            status="loopt",
            due_date=today - datetime.timedelta(days=10),
            responsible=zorg,
        ),
        "done": an_activity(
            jaarplan,
            result="Een plan dat klaar is",
            status="gereed",
            due_date=today - datetime.timedelta(days=30),
        ),
        "later": an_activity(
            jaarplan,
            result="Een plan voor later",
            due_date=today + datetime.timedelta(days=60),
            responsible=world.user("bestuurder"),
        ),
    }


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_each_jaarplan_with_its_version_and_status(world, login, jaarplan):
    page = login(world.user("bestuurder")).get(_list(world.tenant_a)).content.decode()
    text = _text(page)
    assert "Jaarplan 2026-2027" in text and "1.0" in text and "Concept" in text
    assert _page(jaarplan) in page


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_toezicht_and_inspectie_see_only_vastgestelde_jaarplannen(world, login, jaarplan, role):
    an_activity(jaarplan)
    client = login(world.user(role))
    assert "Jaarplan 2026-2027" not in _text(client.get(_list(world.tenant_a)).content.decode())
    assert client.get(_page(jaarplan)).status_code == 404
    adopt(jaarplan)
    assert "Jaarplan 2026-2027" in _text(client.get(_list(world.tenant_a)).content.decode())
    assert client.get(_page(jaarplan)).status_code == 200


def test_an_empty_list_tells_the_bestuurder_how_to_start(world, login):
    page = login(world.user("bestuurder")).get(_list(world.tenant_a)).content.decode()
    assert "Er is nog geen jaarplan. Maak het jaarplan van een schooljaar" in _text(page)
    generate = url_or_none("jaarplan:jaarplan_generate", tenant_code=world.tenant_a.code)
    assert ("Jaarplan maken" in page) is (generate is not None)  # the button once it exists
    toezicht = login(world.user("toezicht")).get(_list(world.tenant_a)).content.decode()
    assert "Er is nog geen vastgesteld jaarplan." in _text(toezicht)
    assert "Jaarplan maken" not in toezicht


def test_a_url_of_a_part_not_yet_there_is_none():
    assert url_or_none("jaarplan:bestaat_niet", tenant_code="VOA001") is None
    assert url_or_none("jaarplan:jaarplan_list", tenant_code="VOA001") == "/VOA001/jaarplannen/"


# --- The jaarplan page ------------------------------------------------------------------------


def test_the_page_shows_pijler_doel_verbeterpunt_and_the_activities_table(
    world, login, jaarplan, activities
):
    page = login(world.user("bestuurder")).get(_page(jaarplan)).content.decode()
    text = _text(page)
    assert "<h1>Jaarplan 2026-2027</h1>" in page
    assert "Pijler 1: Leren binnen scholen" in text and "1.1 Elke stap" in text
    assert "Verbeterpunt 1.1a (2026-2027) Stap in 2026-2027." in text
    assert "Verbeterpunt 1.1e (jaarlijks) Jaarlijkse stap." in text
    later = _text(_row(page, activities["later"]))
    assert "Een plan voor later" in later and "Plan van aanpak schrijven" in later
    assert "Werkgroep" in later and "Verantwoordelijk: " in later
    for header in ("Beoogd resultaat", "Wat", "Wie", "Wanneer gereed", "Status"):
        assert f'<th scope="col">{header}</th>' in page
    assert "3 activiteiten bij 4 verbeterpunten." in text
    assert text.count("Nog geen activiteiten bij dit verbeterpunt.") == 3


def test_a_late_activity_says_te_laat_in_words_and_a_finished_one_does_not(
    world, login, jaarplan, activities
):
    page = login(world.user("loket")).get(_page(jaarplan)).content.decode()
    assert "te laat" in _text(_row(page, activities["late"]))
    assert "jp-activity--late" in _row(page, activities["late"])
    assert "te laat" not in _text(_row(page, activities["done"]))
    assert "te laat" not in _text(_row(page, activities["later"]))


def test_a_month_reads_as_a_month_and_a_date_as_a_date(world, login, jaarplan):
    month = an_activity(jaarplan, due_date=datetime.date(2027, 6, 30), due_is_month=True)
    day = an_activity(jaarplan, due_date=datetime.date(2027, 3, 1))
    page = login(world.user("bestuurder")).get(_page(jaarplan)).content.decode()
    assert "juni 2027" in _text(_row(page, month)) and "30 juni" not in _row(page, month)
    assert "1 maart 2027" in _text(_row(page, day))


def test_a_carried_activity_says_which_year_it_came_from(world, login, jaarplan):
    origin = an_activity(jaarplan, result="Loopt door naar volgend jaar", status="loopt")
    with scope(tenant=world.tenant_a):
        later = jaarplan_generate(tenant=world.tenant_a, school_year=2027, carry=[origin.pk])
    page = login(world.user("bestuurder")).get(_page(later.jaarplan)).content.decode()
    assert "Overgenomen uit 2026-2027" in _text(_row(page, later.carried[0]))


def test_additional_items_have_their_own_section(world, login, jaarplan):
    with scope(tenant=world.tenant_a):
        services.improvement_create(jaarplan=jaarplan, title="Brede bijeenkomst gedrag")
    text = _text(login(world.user("bestuurder")).get(_page(jaarplan)).content.decode())
    assert "Aanvullend (beleidsmatig) Brede bijeenkomst gedrag" in text


@pytest.mark.parametrize("role", ["loket", "zorgcoordinator"])
def test_other_roles_read_the_concept_but_get_no_edit_buttons(world, login, jaarplan, role):
    an_activity(jaarplan)
    response = login(world.user(role)).get(_page(jaarplan))
    body = response.content.decode()
    assert response.status_code == 200 and "Plan van aanpak schrijven" in body
    for word in ("Bewerken", "Verwijderen", "+ Activiteit toevoegen", "+ Verbeterpunt"):
        assert word not in body


def test_a_deskundige_reads_no_concept(world, login, jaarplan):
    assert login(world.user("deskundige")).get(_page(jaarplan)).status_code == 404


def test_the_bestuurder_gets_edit_buttons_only_while_concept(world, login, jaarplan):
    an_activity(jaarplan)
    client = login(world.user("bestuurder"))
    body = client.get(_page(jaarplan)).content.decode()
    assert "Bewerken" in body and "+ Activiteit toevoegen" in body
    adopt(jaarplan)
    body = client.get(_page(jaarplan)).content.decode()
    assert "Bewerken" not in body and "+ Activiteit toevoegen" not in body
    assert "de verbeterpunten en activiteiten liggen vast" in _text(body)


def test_another_tenants_jaarplan_is_not_found(world, login):
    theirs = a_jaarplan(world.tenant_b)
    url = reverse(
        "jaarplan:jaarplan_detail", kwargs={"tenant_code": "VOA001", "jaarplan_id": theirs.pk}
    )
    assert login(world.user("bestuurder")).get(url).status_code == 404


# --- Filters ----------------------------------------------------------------------------------


def test_the_status_filter_shows_only_those_rows_and_counts_them(
    world, login, jaarplan, activities
):
    page = (
        login(world.user("bestuurder")).get(_page(jaarplan), {"status": "gereed"}).content.decode()
    )
    text = _text(page)
    assert "Een plan dat klaar is" in text
    assert "Een plan voor later" not in text and "Een plan dat te laat is" not in text
    assert "1 van de 3 activiteiten voldoet aan het filter." in text
    assert text.count("Geen activiteit voldoet aan het filter.") == 3  # the other verbeterpunten
    assert "Omhoog" not in page and "Omlaag" not in page  # no moving among hidden rows


def test_only_te_laat_and_the_verantwoordelijke_filters(world, login, jaarplan, activities):
    client = login(world.user("bestuurder"))
    late = _text(client.get(_page(jaarplan), {"te_laat": "ja"}).content.decode())
    assert "Een plan dat te laat is" in late and "Een plan voor later" not in late
    assert "Een plan dat klaar is" not in late  # gereed is never late
    zorg = world.user("zorgcoordinator")
    mine = _text(client.get(_page(jaarplan), {"verantwoordelijke": zorg.pk}).content.decode())
    assert "Een plan dat te laat is" in mine and "Een plan voor later" not in mine
    nobody = _text(client.get(_page(jaarplan), {"verantwoordelijke": "niemand"}).content.decode())
    assert "Een plan dat klaar is" in nobody and "Een plan dat te laat is" not in nobody


def test_the_pijler_filter(world, login, jaarplan, activities):
    with scope(tenant=world.tenant_a):
        extra = services.improvement_create(jaarplan=jaarplan, title="Aanvullend punt")
    outside = an_activity(jaarplan, improvement=extra, result="Buiten de doelen")
    client = login(world.user("bestuurder"))
    first = _text(client.get(_page(jaarplan), {"pijler": "1"}).content.decode())
    assert "Een plan voor later" in first and "Buiten de doelen" not in first
    additional = client.get(_page(jaarplan), {"pijler": "aanvullend"}).content.decode()
    assert "Buiten de doelen" in _text(additional)
    assert "Een plan voor later" not in _text(additional)
    assert f'id="activiteit-{outside.pk}"' in additional


def test_a_filter_sent_by_htmx_gets_the_tree_alone(world, login, jaarplan, activities):
    response = login(world.user("bestuurder")).get(
        _page(jaarplan), {"status": "loopt"}, headers=TREE
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="jaarplan-tree"') and "<h1" not in body
    assert "Een plan dat te laat is" in _text(body) and "Een plan voor later" not in _text(body)


def test_the_filter_offers_this_jaarplans_pijlers_and_responsible_members(
    world, login, jaarplan, activities
):
    page = login(world.user("bestuurder")).get(_page(jaarplan)).content.decode()
    form = page[page.index('class="filter-form"') : page.index("</form>", page.index("filter-"))]
    assert "Pijler 1: Leren binnen scholen" in form
    assert "Pijler 2" not in form  # no verbeterpunt of pijler 2 this year
    zorg, bestuurder = world.user("zorgcoordinator"), world.user("bestuurder")
    assert f'value="{zorg.pk}"' in form and f'value="{bestuurder.pk}"' in form
    assert f'value="{world.user("toezicht").pk}"' not in form  # responsible for nothing


# --- What other parts put on the page ---------------------------------------------------------


@pytest.fixture
def other_parts(monkeypatch):
    """A panel and a row action as another part registers them (removed after the test)."""

    def demo_panel(http_request, jaarplan, can_write):
        return {"status": f"Paneel van versie {jaarplan.version}"}

    def demo_action(http_request, jaarplan, activity):
        if activity.responsible_id != http_request.user.pk:
            return None
        return panels.RowAction("Voortgang", f"/voortgang/{activity.pk}/")

    registry = panels.JAARPLAN_PANELS._panels
    monkeypatch.setitem(
        registry,
        "demo_panel",
        Panel("demo_panel", 99, "monitoring/_status.html", demo_panel),
    )
    monkeypatch.setitem(panels._ACTIONS, "demo_action", (99, demo_action))


def test_the_page_shows_the_other_parts_panels_and_row_actions(
    world, login, jaarplan, activities, other_parts
):
    page = login(world.user("zorgcoordinator")).get(_page(jaarplan)).content.decode()
    assert "Paneel van versie 1.0" in page
    own, other = activities["late"], activities["later"]
    assert f'href="/voortgang/{own.pk}/"' in _row(page, own)
    assert f'hx-target="#activiteit-{own.pk}"' in _row(page, own)
    assert "/voortgang/" not in _row(page, other)


# --- The doel's indicators and the pijler page ------------------------------------------------


def test_each_doel_shows_its_dashboard_indicators_with_their_status(world, login, jaarplan):
    improvement = first_improvement(jaarplan)
    make_indicator(world.tenant_a, "Scholen met een visie", goal_uid=improvement.goal_uid)
    make_indicator(world.tenant_a, "Een indicator van een ander doel")
    page = login(world.user("bestuurder")).get(_page(jaarplan)).content.decode()
    goal = page[page.index(f'id="doel-{improvement.goal_uid}"') :]
    goal = _text(goal[: goal.index(f'id="verbeterpunt-{improvement.pk}"')])
    assert "Scholen met een visie" in goal and "geen gegevens" in goal
    assert "Een indicator van een ander doel" not in _text(page)
    # The dashboard's figures are for the roles that see the dashboard.
    zorg = login(world.user("zorgcoordinator")).get(_page(jaarplan)).content.decode()
    assert "Scholen met een visie" not in zorg


@pytest.fixture
def this_year(monkeypatch):
    monkeypatch.setattr(SchoolYear, "current", classmethod(lambda cls: cls(2026)))


def _pillar_page(jaarplan) -> str:
    with scope(tenant=jaarplan.tenant):
        pillar = Pillar.objects.filter(plan=jaarplan.plan).order_by("position").first()
    return reverse(
        "plans:pillar_read",
        kwargs={
            "tenant_code": jaarplan.tenant.code,
            "plan_id": jaarplan.plan_id,
            "item_id": pillar.pk,
        },
    )


def test_the_pijler_page_shows_this_years_activities_of_each_doel(
    world, login, jaarplan, activities, this_year
):
    page = login(world.user("bestuurder")).get(_pillar_page(jaarplan)).content.decode()
    text = _text(page)
    assert "Activiteiten in het jaarplan 2026-2027" in text
    later = activities["later"].due_date
    assert f"Een plan voor later {later.day} " in text and "te laat" in text
    assert "Een plan dat te laat is" in text and "Gereed" in text
    improvement = first_improvement(jaarplan)
    assert f"{_page(jaarplan)}#doel-{improvement.goal_uid}" in page
    assert "Het jaarplan 2026-2027 heeft nog geen activiteiten bij dit doel." in text  # 1.2


def test_the_pijler_page_shows_a_concept_jaarplan_only_to_who_may_read_it(
    world, login, jaarplan, activities, this_year
):
    page = login(world.user("toezicht")).get(_pillar_page(jaarplan)).content.decode()
    assert "Een plan voor later" not in page and "jaarplan 2026-2027" not in page
    adopt(jaarplan)
    page = login(world.user("toezicht")).get(_pillar_page(jaarplan)).content.decode()
    assert "Een plan voor later" in _text(page)


def test_a_verbeterpunt_of_another_jaarplan_is_not_found_through_this_one(world, login):
    first = a_jaarplan(world.tenant_a)
    with scope(tenant=world.tenant_a):
        other = jaarplan_generate(tenant=world.tenant_a, school_year=2027).jaarplan
        improvement = Improvement.objects.filter(jaarplan=other).first()
    url = reverse(
        "jaarplan:activity_create",
        kwargs={"tenant_code": "VOA001", "jaarplan_id": first.pk, "improvement_id": improvement.pk},
    )
    assert login(world.user("bestuurder")).get(url).status_code == 404
