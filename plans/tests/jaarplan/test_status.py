"""The jaarplan's life cycle through its pages: the status steps with their guards, the approval
trail, a new version, the settings and the status panel (making one: ``test_status_generate``)."""

from __future__ import annotations

import datetime
import html

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.views import status as status_views
from plans.jaarplan.views.panels import panels_for
from plans.models import (
    Activity,
    ActivityNote,
    Improvement,
    Jaarplan,
    JaarplanApproval,
    JaarplanSettings,
)

from .builders import a_jaarplan, adopt, an_activity

pytestmark = pytest.mark.django_db

B = "bestuurder"


def url(name: str, **kwargs) -> str:
    return reverse(f"jaarplan:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


def require(tenant, *bodies: str) -> None:
    with scope(tenant=tenant):
        services.settings_save(tenant=tenant, required_bodies=list(bodies), weekly_digest=True)


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
