"""The plan in the browser: the tree, editing in place, status, versions, roles, query counts."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from django_scopes import scope

from pillars.models import Goal, Step
from plans import services
from plans.demo import FIXTURE, seed_plan
from plans.exchange import import_plan
from plans.models import Chapter, Plan, StrategicTask
from plans.tests.factories import make_plan, plan_document

Y1, Y2, Y3, Y4 = "2026-2027", "2027-2028", "2028-2029", "2029-2030"
J, D = "jaarlijks", "doorlopend"

# The seed's Bijlage 1, read by hand: every ontwikkeldoel and when each lettered step is due.
BIJLAGE_1 = [
    (
        "Leren binnen scholen",
        [
            ("Een RefSVO-brede pedagogische visie", [Y1, Y2]),
            ("Voorkomen van (ongeoorloofd) thuiszitten", [Y1, Y2, Y3, J]),
            ("Integreren van extra ondersteuning in reguliere afdelingen", [Y1, Y2, Y3, Y4]),
            (
                "Kwalitatief hoogwaardige OPDC's met een aanbod voor onderwijs-deeltijdbehandeling",
                [Y1, Y1, f"vanaf {Y1}", "vanaf 2025-2026"],
            ),
            ("Afbouw van verwijzingen naar cluster 4", [Y1, Y2, Y3, Y4]),
            ("Bouwen aan een eenduidig en gedragen kwaliteitszorgsysteem", [Y1, Y2, Y3, Y4]),
            ("Onderzoek naar TLV-vrije bekostiging vso-cluster 3", [Y1, Y2, Y3, D]),
        ],
    ),
    (
        "Leren over schoolgrenzen heen",
        [
            ("Expertgroep vso-cluster 3", [Y1, D]),
            ("Tijdelijke netwerkgroepen", [Y1, Y2, D]),
            ("Verdieping van de samenwerking tussen PrO en vso-cluster 3", [Y1, Y2, Y3]),
            ("Versterking samenwerking Berséba", [Y1, Y2, Y3]),
            (
                "Nauwe samenwerking met gemeenten en jeugdhulporganisaties, "
                "met name die van de SCJ",
                [D, J, D, D, D],
            ),
        ],
    ),
    (
        "Leren van en met leerlingen en ouders",
        [
            ("Betrokkenheid van leerlingen vergroten", [J, J]),
            ("Verbinding houden met al onze jongeren", [Y1, Y2]),
            ("Optimale samenwerking met en betrokkenheid van ouders", [Y1, J, D, J, D]),
        ],
    ),
]


def _url(name, plan, **kwargs):
    return reverse(name, kwargs={"tenant_code": plan.tenant.code, "plan_id": plan.pk, **kwargs})


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture
def demo(world):
    with scope(tenant=world.tenant_a):
        return seed_plan(world.tenant_a)


@pytest.fixture
def concept(world):
    return make_plan(world.tenant_a)


def test_the_demo_plan_shows_every_goal_and_step_of_bijlage_1_in_order(world, login, demo):
    page = login(world.user("toezicht")).get(_url("plans:plan_detail", demo)).content.decode()
    pillars = [_text(t) for t in re.findall(r'<h3 id="pijler-\d+-title">(.*?)</h3>', page)]
    assert pillars == [f"Pijler {i}: {title}" for i, (title, _) in enumerate(BIJLAGE_1, 1)]
    goals = re.findall(
        r'<h5 class="goal-title">(.*?)</h5>(.*?)(?=<h5 class="goal-title">|<h3 |$)', page, re.S
    )
    expected = [
        (f"{p}.{g} {title}", steps)
        for p, (_, goal_list) in enumerate(BIJLAGE_1, 1)
        for g, (title, steps) in enumerate(goal_list, 1)
    ]
    assert len(goals) == len(expected) == 15
    for (heading, body), (want_heading, want_steps) in zip(goals, expected, strict=True):
        assert _text(heading) == want_heading
        letters = re.findall(r'<span class="step-letter">(\w+)\.</span>', body)
        whens = [_text(w) for w in re.findall(r'<span class="step-when">(.*?)</span>', body)]
        assert whens == want_steps, want_heading
        assert letters == [chr(97 + i) for i in range(len(want_steps))]


def test_the_demo_plan_has_its_chapters_abbreviations_and_trail(world, login, demo):
    page = _text(
        login(world.user("inspectie")).get(_url("plans:plan_detail", demo)).content.decode()
    )
    for title in [
        "Managementsamenvatting",
        "Inleiding",
        "Hoofdstuk 1 Visie en pedagogisch grondslag",
        "Hoofdstuk 6 Financiën en kwaliteitszorg",
        "Strategische opgaven",
        "Afkortingen",
        "Ondersteuningsplanraad (OPR)",
        "Instemming",
        "Vastgesteld",
    ]:
        assert title in page, title
    assert "Bewerken" not in page  # read-only for the inspectie


# --- Editing in place -----------------------------------------------------------------------


def test_editing_a_chapter_in_place(world, login, concept):
    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in form and 'name="revision"' in form and "Opslaan" in form
    response = client.post(
        url,
        {"title": "Inleiding", "numbered": "", "revision": 1, "body": "Nieuwe **tekst**."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<strong>tekst</strong>" in response.content.decode()
    with scope(tenant=world.tenant_a):
        assert Chapter.objects.get(pk=chapter.pk).revision == 2


def test_a_stale_edit_gets_the_conflict_message_and_keeps_the_persons_text(world, login, concept):
    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        chapter = Chapter.objects.filter(plan=concept).first()
        services.item_update(
            item=chapter,
            data={"body": "Eerder opgeslagen."},
            revision=1,
            by=world.user("bestuurder"),
        )
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    response = client.post(
        url,
        {"title": "Inleiding", "revision": 1, "body": "Mijn versie."},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "intussen gewijzigd door" in body and "Uw wijziging is niet opgeslagen" in body
    assert "Mijn versie." in body and "Eerder opgeslagen." in body
    with scope(tenant=world.tenant_a):
        assert Chapter.objects.get(pk=chapter.pk).body == "Eerder opgeslagen."


def test_adding_a_step_redraws_the_tree(world, login, concept):
    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        goal = Goal.objects.filter(plan=concept, title="Pedagogische visie").get()
    response = client.post(
        _url("plans:item_create", concept, kind="stap"),
        {
            "in": goal.pk,
            "timing": "schooljaar",
            "school_year": 2028,
            "text": "Evalueren met de scholen.",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#plan-tree"
    assert "Evalueren met de scholen." in response.content.decode()


def test_without_javascript_a_change_returns_to_the_plan_at_the_part(world, login, concept):
    client = login(world.user("bestuurder"))
    response = client.post(
        _url("plans:item_create", concept, kind="opgave"), {"text": "Nieuwe opgave"}
    )
    assert response.status_code == 302
    with scope(tenant=world.tenant_a):
        task = StrategicTask.objects.filter(plan=concept).latest("pk")
    assert task.text == "Nieuwe opgave"
    assert response["Location"].endswith(f"#opgave-{task.pk}")


def test_bad_input_shows_dutch_errors_and_saves_nothing(world, login, concept):
    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        goal = Goal.objects.filter(plan=concept).first()
        before = Step.objects.filter(plan=concept).count()
    response = client.post(
        _url("plans:item_create", concept, kind="stap"),
        {"in": goal.pk, "timing": "schooljaar", "school_year": "", "text": ""},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Er ging iets mis" in body and "verplicht" in body  # the form's own check
    response = client.post(
        _url("plans:item_create", concept, kind="stap"),
        {"in": goal.pk, "timing": "schooljaar", "school_year": "", "text": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "Kies het schooljaar" in response.content.decode()
    with scope(tenant=world.tenant_a):
        assert Step.objects.filter(plan=concept).count() == before


def test_deleting_asks_first(world, login, concept):
    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        goal = Goal.objects.filter(plan=concept).first()
    url = _url("plans:item_delete", concept, kind="doel", item_id=goal.pk)
    confirm = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert (
        "Weet u zeker" in confirm and "Alle stappen van dit doel worden ook verwijderd" in confirm
    )
    with scope(tenant=world.tenant_a):
        assert Goal.objects.filter(pk=goal.pk).exists()
    response = client.post(url, headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == "#plan-tree"
    with scope(tenant=world.tenant_a):
        assert not Goal.objects.filter(pk=goal.pk).exists()
        assert not Step.objects.filter(goal_id=goal.pk).exists()


def test_an_adopted_plan_cannot_be_edited_through_the_page(world, login):
    plan = make_plan(world.tenant_a, status="vastgesteld")
    with scope(tenant=world.tenant_a):
        chapter = Chapter.objects.filter(plan=plan).first()
    client = login(world.user("bestuurder"))
    page = client.get(_url("plans:plan_detail", plan)).content.decode()
    assert "kan niet meer worden gewijzigd" in page and "Nieuwe versie maken" in page
    assert "Bewerken<span" not in page.split('id="goedkeuringen"')[0]
    response = client.post(
        _url("plans:item_edit", plan, kind="hoofdstuk", item_id=chapter.pk),
        {"title": "Anders", "revision": 1, "body": ""},
    )
    assert response.status_code == 422 and "Maak een nieuwe versie" in response.content.decode()
    with scope(tenant=world.tenant_a):
        assert Chapter.objects.get(pk=chapter.pk).title == "Inleiding"


# --- Status ------------------------------------------------------------------------------------


def test_the_status_page_explains_why_adoption_is_refused(world, login, concept):
    client = login(world.user("bestuurder"))
    page = client.get(_url("plans:plan_status", concept) + "?naar=vastgesteld").content.decode()
    assert "De wet vereist die instemming" in page and "Ja, status wijzigen" not in page
    response = client.post(_url("plans:plan_status", concept), {"status": "vastgesteld"})
    assert response.status_code == 422
    with scope(tenant=world.tenant_a):
        assert Plan.objects.get(pk=concept.pk).status == "concept"


def test_the_deadline_warning(world, login, concept, settings):
    import datetime
    from unittest import mock

    client = login(world.user("bestuurder"))
    for today, text in [
        (datetime.date(2026, 4, 10), "nog 21 dagen"),
        (datetime.date(2026, 5, 3), "2 dagen geleden verstreken"),
        (datetime.date(2025, 9, 1), "moet vóór 1 mei 2026 naar de inspectie"),
    ]:
        with mock.patch("django.utils.timezone.localdate", return_value=today):
            page = _text(client.get(_url("plans:plan_detail", concept)).content.decode())
        assert text in page, (today, text)


# --- Versions and comparison ---------------------------------------------------------------------


def test_the_comparison_shows_text_changes_and_added_and_removed_parts(world, login, demo):
    with scope(tenant=world.tenant_a):
        new = services.plan_new_version(plan=demo)
        chapter = Chapter.objects.filter(plan=new, title="Inleiding").get()
        services.item_update(
            item=chapter, revision=1, data={"body": chapter.body + "\n\nEen nieuwe slotalinea."}
        )
        goal = Goal.objects.filter(plan=new, title="Tijdelijke netwerkgroepen").get()
        services.item_create(
            plan=new,
            kind="stap",
            parent=goal,
            data={"timing": "schooljaar", "school_year": 2029, "text": "Evalueren."},
        )
        services.item_delete(
            item=Goal.objects.filter(plan=new, title="Expertgroep vso-cluster 3").get()
        )
    page = (
        login(world.user("loket"))
        .get(_url("plans:plan_compare", new) + f"?met={demo.pk}")
        .content.decode()
    )
    text = _text(page)
    assert "Van versie 4.0 naar versie 4.1" in text
    assert "gewijzigd Inleiding" in text and "Een nieuwe slotalinea." in text
    assert "toegevoegd Doel 2.1 Tijdelijke netwerkgroepen, stap d" in text
    assert "verwijderd Doel 2.1 Expertgroep vso-cluster 3" in text
    assert "diff-line--add" in page


def test_history_shows_who_changed_what(world, login, concept):
    with scope(tenant=world.tenant_a):
        from auditlog.context import set_actor

        with set_actor(world.user("bestuurder")):
            services.item_update(
                item=Chapter.objects.filter(plan=concept).first(),
                data={"title": "Voorwoord"},
                revision=1,
            )
    page = _text(
        login(world.user("bestuurder")).get(_url("plans:plan_history", concept)).content.decode()
    )
    assert "Voorwoord" in page and "gewijzigd" in page and "Test Persoon" in page


# --- Who reads what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_toezicht_and_inspectie_see_adopted_versions_only(world, login, demo, role):
    with scope(tenant=world.tenant_a):
        concept = services.plan_new_version(plan=demo)
    client = login(world.user(role))
    listing = _text(
        client.get(reverse("plans:plan_list", kwargs={"tenant_code": "VOA001"})).content.decode()
    )
    assert "4.0" in listing and "4.1" not in listing
    assert client.get(_url("plans:plan_detail", concept)).status_code == 404
    assert (
        client.get(_url("plans:plan_compare", demo) + f"?met={concept.pk}").context["other"] is None
    )


@pytest.mark.parametrize("role", ["loket", "zorgcoordinator"])
def test_loket_and_zorgcoordinatoren_read_concepts_but_do_not_edit(world, login, concept, role):
    client = login(world.user(role))
    page = client.get(_url("plans:plan_detail", concept)).content.decode()
    assert "Inleiding" in page and "Bewerken" not in page
    with scope(tenant=world.tenant_a):
        chapter = Chapter.objects.filter(plan=concept).first()
    url = _url("plans:item_edit", concept, kind="hoofdstuk", item_id=chapter.pk)
    assert client.post(url, {"title": "X", "revision": 1}).status_code == 403


def test_chapter_texts_are_sanitised(world, login, concept):
    with scope(tenant=world.tenant_a):
        chapter = Chapter.objects.filter(plan=concept).first()
        services.item_update(
            item=chapter,
            revision=1,
            data={
                "body": (
                    "Hallo <script>alert(1)</script> [klik](javascript:alert(2)) "
                    "<img src=x onerror=alert(3)> [^1]\n\n[^1]: Een voetnoot.\n\n"
                    "| a | b |\n|---|---|\n| 1 | 2 |"
                )
            },
        )
    page = (
        login(world.user("bestuurder"))
        .get(_url("plans:chapter_read", concept, item_id=chapter.pk))
        .content.decode()
    )
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page
    assert "Een voetnoot." in page and "<table>" in page


# --- Bounded queries -----------------------------------------------------------------------------


def _big_document():
    document = plan_document(
        status="vastgesteld",
        goedkeuringen=[
            {"orgaan": "opr", "soort": "instemming", "datum": "2026-04-14", "uitkomst": "positief"}
        ],
    )
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    document["pijlers"] = fixture["pijlers"] * 10
    document["hoofdstukken"] = [
        dict(c, titel=f"{c['titel']} {i}") for i in range(10) for c in fixture["hoofdstukken"]
    ]
    document["afkortingen"] = [
        dict(a, afkorting=f"{a['afkorting']}{i}") for i in range(10) for a in fixture["afkortingen"]
    ]
    document["titel"] = "Een tien keer zo groot plan"
    return document


@pytest.mark.parametrize("page", ["plans:plan_detail", "plans:plan_compare"])
def test_plan_pages_run_the_same_number_of_queries_for_ten_times_the_plan(
    world, login, demo, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        small_copy = services.plan_new_version(plan=demo)
        big = import_plan(tenant=world.tenant_a, document=_big_document(), commit=True).plan
        big_copy = services.plan_new_version(plan=big)
    assert Step.objects.with_scopes_disabled().filter(plan=big).count() == 510

    def url(plan, other):
        return _url(page, plan) + (f"?met={other.pk}" if page == "plans:plan_compare" else "")

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(small_copy, demo)).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(big_copy, big)).status_code == 200
