"""The jaarplan's life cycle through its pages: making it (page and command), the status steps
with their guards, the approval trail, a new version, the settings and the status panel."""

from __future__ import annotations

import datetime
import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.views import status as status_views
from plans.jaarplan.views.panels import panels_for
from plans.jaarplan.views.status import jaarplan_page_url
from plans.jaarplan.views.status_generate import default_year
from plans.models import (
    Activity,
    ActivityNote,
    Improvement,
    Jaarplan,
    JaarplanApproval,
    JaarplanSettings,
)

from .builders import a_jaarplan, adopt, an_activity, an_adopted_plan

pytestmark = pytest.mark.django_db

B = "bestuurder"


def url(name: str, **kwargs) -> str:
    return reverse(f"jaarplan:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


def require(tenant, *bodies: str) -> None:
    with scope(tenant=tenant):
        services.settings_save(tenant=tenant, required_bodies=list(bodies), weekly_digest=True)


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


# --- Status -----------------------------------------------------------------------------------


def test_vaststellen_waits_for_the_required_approvals_to_be_positive(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    require(world.tenant_a, "rvt", "opr")
    client = login(world.user(B))
    confirm = client.get(url("jaarplan_status", jaarplan_id=jaarplan.pk) + "?naar=vastgesteld")
    assert "Raad van toezicht (RvT)" in text(confirm) and "Ja, jaarplan vaststellen" not in text(
        confirm
    )
    client.post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "rvt", "kind": "goedkeuring", "date": "15-09-2026", "outcome": "positief"},
    )
    client.post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "opr", "kind": "advies", "date": "16-09-2026", "outcome": "aangehouden"},
    )
    refused = client.post(
        url("jaarplan_status", jaarplan_id=jaarplan.pk), {"status": "vastgesteld"}
    )
    assert refused.status_code == 422
    assert "positief besluit van de Ondersteuningsplanraad (OPR)" in text(refused)
    assert "Raad van toezicht" not in text(refused).split("Dit kan nu niet")[1].split("</ul>")[0]
    client.post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "opr", "kind": "advies", "date": "20-09-2026", "outcome": "positief"},
    )
    done = client.post(
        url("jaarplan_status", jaarplan_id=jaarplan.pk), {"status": "vastgesteld"}, follow=True
    )
    jaarplan.refresh_from_db()
    assert jaarplan.status == "vastgesteld" and jaarplan.adopted_on is not None
    assert "is vastgesteld" in text(done)


def test_geevalueerd_waits_until_every_activity_is_evaluated(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    first, second = an_activity(jaarplan, result="Eerste"), an_activity(jaarplan, result="Tweede")
    adopt(jaarplan)
    client = login(world.user(B))
    evaluate = url("activity_evaluate", jaarplan_id=jaarplan.pk, activity_id=first.pk)
    client.post(evaluate, {"evaluation": "behaald", "evaluation_text": "Het plan ligt er."})
    refused = client.post(
        url("jaarplan_status", jaarplan_id=jaarplan.pk), {"status": "geevalueerd"}
    )
    assert refused.status_code == 422
    assert "1 activiteit heeft nog geen evaluatie" in text(refused)
    panel = client.get(url("jaarplan_status", jaarplan_id=jaarplan.pk))
    assert "Nog 1 activiteit zonder evaluatie" in text(panel)
    client.post(
        url("activity_evaluate", jaarplan_id=jaarplan.pk, activity_id=second.pk),
        {"evaluation": "deels", "evaluation_text": "Half af."},
    )
    client.post(url("jaarplan_status", jaarplan_id=jaarplan.pk), {"status": "geevalueerd"})
    jaarplan.refresh_from_db()
    assert jaarplan.status == "geevalueerd" and jaarplan.evaluated_on is not None


def test_a_status_that_does_not_follow_is_refused(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    response = login(world.user(B)).post(
        url("jaarplan_status", jaarplan_id=jaarplan.pk), {"status": "geevalueerd"}
    )
    assert response.status_code == 422 and "kan het jaarplan niet naar" in text(response)
    jaarplan.refresh_from_db()
    assert jaarplan.status == "concept"


def test_an_adopted_jaarplan_refuses_content_and_accepts_status_through_the_pages(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan)
    adopt(jaarplan)
    client = login(world.user(B))
    # Content: no new verbeterpunten from the plan, no new approval step.
    assert client.post(url("jaarplan_generate"), {"schooljaar": "2026-2027"}).status_code == 422
    step = client.post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "rvt", "kind": "goedkeuring", "date": "15-09-2026", "outcome": "positief"},
    )
    assert step.status_code == 422 and "alleen de status en de voortgang" in text(step)
    # Status and progress: yes.
    saved = client.post(
        url("activity_progress", activity_id=activity.pk),
        {"status": "loopt", "explanation": "", "note": "Eerste overleg gehad."},
    )
    assert saved.status_code == 302
    with scopes_disabled():
        activity.refresh_from_db()
        assert activity.status == "loopt"
        assert not JaarplanApproval.objects.filter(jaarplan=jaarplan).exists()
        assert Improvement.objects.filter(jaarplan=jaarplan).count() == 4


# --- Approval trail ---------------------------------------------------------------------------


def test_an_approval_step_is_added_and_deleted_after_confirmation(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    client = login(world.user(B))
    added = client.post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "rvt", "kind": "goedkeuring", "date": "15-09-2026", "outcome": "positief"},
        follow=True,
    )
    assert "Toegevoegd aan het goedkeuringstraject" in text(added)
    with scopes_disabled():
        step = JaarplanApproval.objects.get(jaarplan=jaarplan)
    delete = url("approval_delete", jaarplan_id=jaarplan.pk, approval_id=step.pk)
    confirm = client.get(delete)
    assert "Weet u zeker" in text(confirm)
    with scopes_disabled():
        assert JaarplanApproval.objects.filter(pk=step.pk).exists()  # a GET deletes nothing
    gone = client.post(delete, follow=True)
    assert "Verwijderd uit het goedkeuringstraject" in text(gone)
    with scopes_disabled():
        assert not JaarplanApproval.objects.filter(pk=step.pk).exists()


def test_an_approval_form_with_mistakes_says_what_to_fix(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    response = login(world.user(B)).post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "rvt", "kind": "goedkeuring", "date": "31-02-2026", "outcome": ""},
    )
    assert response.status_code == 422
    assert "Er ging iets mis" in text(response)
    with scopes_disabled():
        assert not JaarplanApproval.objects.exists()


def test_another_jaarplans_approval_step_is_not_found(world, login):
    one, other = a_jaarplan(world.tenant_a, 2026), a_jaarplan(world.tenant_a, 2027)
    with scopes_disabled():
        step = JaarplanApproval.objects.create(
            tenant=world.tenant_a,
            jaarplan=other,
            body="rvt",
            kind="goedkeuring",
            date=datetime.date(2026, 9, 1),
            outcome="positief",
        )
    response = login(world.user(B)).post(
        url("approval_delete", jaarplan_id=one.pk, approval_id=step.pk)
    )
    assert response.status_code == 404


# --- A new version ----------------------------------------------------------------------------


def test_a_new_version_copies_content_and_history_but_not_the_trail(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan, result="Met geschiedenis")
    require(world.tenant_a, "rvt")
    client = login(world.user(B))
    client.post(
        url("approval_create", jaarplan_id=jaarplan.pk),
        {"body": "rvt", "kind": "goedkeuring", "date": "15-09-2026", "outcome": "positief"},
    )
    adopt(jaarplan)
    client.post(
        url("activity_progress", activity_id=activity.pk),
        {"status": "vertraagd", "explanation": "Later begonnen.", "note": "Start in maart."},
    )
    assert "Nieuwe versie maken" in text(
        client.get(url("jaarplan_new_version", jaarplan_id=jaarplan.pk))
    )
    response = client.post(url("jaarplan_new_version", jaarplan_id=jaarplan.pk), follow=True)
    with scopes_disabled():
        copy = Jaarplan.objects.get(based_on=jaarplan)
        copied = Activity.objects.get(jaarplan=copy)
        notes = list(ActivityNote.objects.filter(activity=copied))
        assert (copy.version, copy.status) == ("1.1", "concept")
        assert (copied.result, copied.status, copied.explanation) == (
            "Met geschiedenis",
            "vertraagd",
            "Later begonnen.",
        )
        assert [n.text for n in notes] == ["Start in maart."]
        assert Improvement.objects.filter(jaarplan=copy).count() == 4
        assert not JaarplanApproval.objects.filter(jaarplan=copy).exists()
    assert "Versie 1.1 is gemaakt als concept" in text(response)
    # The panel of the copy: the trail is empty again, so vaststellen waits for the RvT.
    panel = text(client.get(url("jaarplan_status", jaarplan_id=copy.pk)))
    assert "Nog nodig:</strong> Raad van toezicht" in panel and "Versie 1.0" in panel
    again = client.get(url("jaarplan_new_version", jaarplan_id=jaarplan.pk))
    assert "Er is al een nieuwere conceptversie" in text(again)


def test_a_concept_gets_no_new_version(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    client = login(world.user(B))
    page = client.get(url("jaarplan_new_version", jaarplan_id=jaarplan.pk))
    assert "u kunt haar gewoon bewerken" in text(page)
    assert client.post(url("jaarplan_new_version", jaarplan_id=jaarplan.pk)).status_code == 422
    with scopes_disabled():
        assert Jaarplan.objects.count() == 1


# --- Settings ---------------------------------------------------------------------------------


def test_the_settings_save_the_required_bodies_and_the_weekly_email(world, login):
    client = login(world.user(B))
    assert client.get(url("jaarplan_settings")).status_code == 200
    response = client.post(
        url("jaarplan_settings"),
        {"required_bodies": ["rvt", "opr"], "weekly_digest": ""},
        follow=True,
    )
    assert "De instellingen van het jaarplan zijn opgeslagen" in text(response)
    with scopes_disabled():
        saved = JaarplanSettings.objects.get(tenant=world.tenant_a)
    assert set(saved.required_bodies) == {"rvt", "opr"} and saved.weekly_digest is False
    bad = client.post(url("jaarplan_settings"), {"required_bodies": ["koning"]})
    assert bad.status_code == 422


@pytest.mark.parametrize("role", ["loket", "zorgcoordinator", "toezicht", "inspectie"])
def test_only_the_bestuurder_changes_the_settings(world, login, role):
    client = login(world.user(role))
    assert client.get(url("jaarplan_settings")).status_code == 403
    assert client.post(url("jaarplan_settings"), {"required_bodies": []}).status_code == 403


# --- The panel --------------------------------------------------------------------------------


def _panel(world, role: str, jaarplan) -> dict | None:
    request = RequestFactory().get("/")
    request.user = world.user(role)
    request.membership = world.members[role]
    with scope(tenant=world.tenant_a):
        shown = panels_for(request, jaarplan, role == B)
    return next((p for p in shown if p["name"] == "status"), None)


def test_the_panel_offers_the_bestuurder_the_next_step_with_what_blocks_it(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    panel = _panel(world, B, jaarplan)
    [step] = panel["steps"]
    assert step["target"] == "vastgesteld" and "zonder activiteiten" in step["problems"][0]
    assert "Jaarplan vaststellen" in panel["html"] and "Kan nog niet" in panel["html"]


def test_the_panel_offers_a_reader_no_step(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    panel = _panel(world, "loket", jaarplan)
    assert panel["steps"] == [] and not panel["can_new_version"]
    assert "Jaarplan vaststellen" not in panel["html"] and "Verwijderen" not in panel["html"]


def _grow(jaarplan, activities: int, steps: int) -> None:
    for n in range(activities):
        an_activity(jaarplan, result=f"Activiteit {n}")
    with scopes_disabled():
        for n in range(steps):
            JaarplanApproval.objects.create(
                tenant=jaarplan.tenant,
                jaarplan=jaarplan,
                body="rvt",
                kind="advies",
                date=datetime.date(2026, 9, 1 + n),
                outcome="positief",
            )


def test_the_panel_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    small, large = a_jaarplan(world.tenant_a, 2026), a_jaarplan(world.tenant_a, 2027)
    _grow(small, 2, 1)
    _grow(large, 20, 10)
    require(world.tenant_a, "rvt", "opr")
    with django_assert_max_num_queries(12) as counted:
        _panel(world, B, small)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        _panel(world, B, large)


def test_the_status_page_is_the_panel_on_a_page_of_its_own(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    page = login(world.user(B)).get(url("jaarplan_status", jaarplan_id=jaarplan.pk))
    body = text(page)
    assert body.count("<h1") == 1 and "Status en goedkeuring" in body
    assert status_views.STEP_LABELS["vastgesteld"] in body
