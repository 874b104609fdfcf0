"""Progress and evaluation of activities through their pages, inline (htmx) and whole; who may
(the bestuurder, the responsible member); "Mijn activiteiten" and the switch of the weekly
e-mail."""

from __future__ import annotations

import datetime
import html
import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.views.panels import actions_for, panels_for
from plans.jaarplan.views.status import jaarplan_page_url
from plans.models import Activity, ActivityNote, DigestPreference

from .builders import a_jaarplan, adopt, an_activity

pytestmark = pytest.mark.django_db

B, Z = "bestuurder", "zorgcoordinator"
HTMX = {"HX-Request": "true"}


def url(name: str, **kwargs) -> str:
    return reverse(f"jaarplan:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


def fresh(activity: Activity) -> Activity:
    with scopes_disabled():
        return Activity.objects.get(pk=activity.pk)


@pytest.fixture
def adopted(world):
    """A vastgesteld jaarplan with one activity of the zorgcoördinator and one of the loket."""
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    own = an_activity(jaarplan, result="Van de zorgcoördinator", responsible=world.user(Z))
    other = an_activity(jaarplan, result="Van het Loket", responsible=world.user("loket"))
    return adopt(jaarplan), own, other


# --- Who may --------------------------------------------------------------------------------


def test_a_zorgcoordinator_updates_the_status_of_their_own_activity(world, login, adopted):
    jaarplan, own, _ = adopted
    client = login(world.user(Z))
    form = client.get(url("activity_progress", activity_id=own.pk))
    assert form.status_code == 200 and "Voortgang opslaan" in text(form)
    saved = client.post(
        url("activity_progress", activity_id=own.pk),
        {
            "status": "loopt",
            "explanation": "",
            "note": "Eerste bijeenkomst gehouden.",
            "revision": 1,
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == jaarplan_page_url(jaarplan, f"activiteit-{own.pk}")
    activity = fresh(own)
    assert activity.status == "loopt"
    with scopes_disabled():
        note = ActivityNote.objects.get(activity=own)
    assert (note.written_by, note.status_from, note.status_to, note.text) == (
        world.user(Z),
        "niet_gestart",
        "loopt",
        "Eerste bijeenkomst gehouden.",
    )


def test_a_zorgcoordinator_cannot_update_another_members_activity(world, login, adopted):
    _, _, other = adopted
    client = login(world.user(Z))
    # They may read the jaarplan, so the activity exists for them: a 403, not a 404.
    assert client.get(url("activity_progress", activity_id=other.pk)).status_code == 403
    refused = client.post(
        url("activity_progress", activity_id=other.pk), {"status": "gereed", "explanation": ""}
    )
    assert refused.status_code == 403
    assert fresh(other).status == "niet_gestart"


def test_a_zorgcoordinator_cannot_evaluate_even_their_own_activity(world, login, adopted):
    jaarplan, own, _ = adopted
    evaluate = url("activity_evaluate", jaarplan_id=jaarplan.pk, activity_id=own.pk)
    client = login(world.user(Z))
    assert client.get(evaluate).status_code == 403
    assert (
        client.post(evaluate, {"evaluation": "behaald", "evaluation_text": "Ja."}).status_code
        == 403
    )
    assert fresh(own).evaluation == ""


def test_the_bestuurder_updates_any_activity(world, login, adopted):
    _, _, other = adopted
    response = login(world.user(B)).post(
        url("activity_progress", activity_id=other.pk),
        {"status": "gereed", "explanation": "", "note": ""},
    )
    assert response.status_code == 302 and fresh(other).status == "gereed"


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_toezicht_reads_only_vastgestelde_so_a_concepts_activity_is_not_found(world, login, role):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    theirs = an_activity(jaarplan, responsible=world.user(role))
    client = login(world.user(role))
    assert client.get(url("activity_progress", activity_id=theirs.pk)).status_code == 404
    assert text(client.get(url("my_activities"))).count("card") == 0
    adopt(jaarplan)
    assert client.get(url("activity_progress", activity_id=theirs.pk)).status_code == 200
    assert "Voortgang" in text(client.get(url("my_activities")))


def test_the_outsider_finds_nothing(world, login, adopted):
    _, own, _ = adopted
    client = login(world.user("outsider"))
    tenant_b = world.tenant_b.code
    response = client.get(
        reverse(
            "jaarplan:activity_progress", kwargs={"tenant_code": tenant_b, "activity_id": own.pk}
        )
    )
    assert response.status_code == 404


# --- The rules through the page ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("vertraagd", "Licht toe waarom de activiteit vertraagd is"),
        ("vervallen", "Licht toe waarom de activiteit vervalt"),
    ],
)
def test_delayed_or_dropped_without_toelichting_is_refused_at_the_field(
    world, login, adopted, status, message
):
    _, own, _ = adopted
    response = login(world.user(Z)).post(
        url("activity_progress", activity_id=own.pk),
        {"status": status, "explanation": "  ", "note": "Iets"},
    )
    assert response.status_code == 422
    body = text(response)
    assert f'id="voortgang-{own.pk}-explanation-error">{message}' in body
    assert "Er ging iets mis" in body
    activity = fresh(own)
    assert activity.status == "niet_gestart"
    with scopes_disabled():
        assert not ActivityNote.objects.filter(activity=own).exists()


def test_nothing_changed_is_said_at_the_note(world, login, adopted):
    _, own, _ = adopted
    response = login(world.user(Z)).post(
        url("activity_progress", activity_id=own.pk),
        {"status": "niet_gestart", "explanation": "", "note": ""},
    )
    assert response.status_code == 422 and "Er is niets veranderd" in text(response)


def test_a_save_over_someone_elses_is_refused_with_their_version(world, login, adopted):
    _, own, _ = adopted
    with scope(tenant=world.tenant_a):
        services.activity_progress(activity=own, status="loopt", note="Door de bestuurder.")
    response = login(world.user(Z)).post(
        url("activity_progress", activity_id=own.pk),
        {"status": "gereed", "explanation": "", "note": "Mijn notitie", "revision": 1},
    )
    assert response.status_code == 409
    body = text(response)
    assert "intussen gewijzigd" in body and "Mijn notitie" in body
    assert fresh(own).status == "loopt"


def test_an_evaluated_jaarplan_takes_no_progress(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    own = an_activity(jaarplan, responsible=world.user(Z))
    adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        services.activity_evaluate(activity=own, evaluation="behaald", text="Gelukt.")
        services.jaarplan_set_status(jaarplan=jaarplan, status="geevalueerd")
    client = login(world.user(Z))
    page = client.get(url("activity_progress", activity_id=own.pk))
    assert "liggen vast" in text(page) and "Voortgang opslaan" not in text(page)
    refused = client.post(
        url("activity_progress", activity_id=own.pk), {"status": "gereed", "explanation": ""}
    )
    assert refused.status_code == 422 and fresh(own).status == "niet_gestart"


def test_evaluation_only_in_a_vastgesteld_jaarplan(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan)
    client = login(world.user(B))
    evaluate = url("activity_evaluate", jaarplan_id=jaarplan.pk, activity_id=activity.pk)
    assert "in een vastgesteld jaarplan" in text(client.get(evaluate))
    refused = client.post(evaluate, {"evaluation": "behaald", "evaluation_text": "Ja."})
    assert refused.status_code == 422 and fresh(activity).evaluation == ""
    adopt(jaarplan)
    missing = client.post(evaluate, {"evaluation": "", "evaluation_text": ""})
    assert missing.status_code == 422 and "Kies of het beoogde resultaat" in text(missing)
    no_sentence = client.post(evaluate, {"evaluation": "deels", "evaluation_text": " "})
    assert "Schrijf in één zin" in text(no_sentence)
    done = client.post(
        evaluate, {"evaluation": "deels", "evaluation_text": "Half af."}, follow=True
    )
    assert "Opgeslagen: de evaluatie" in text(done)
    activity = fresh(activity)
    assert (activity.evaluation, activity.evaluation_text) == ("deels", "Half af.")


# --- Inline (htmx) ----------------------------------------------------------------------------


def test_inline_progress_swaps_the_detail_and_tells_the_page(world, login, adopted):
    _, own, _ = adopted
    client = login(world.user(Z))
    part = client.get(url("activity_progress", activity_id=own.pk), headers=HTMX)
    body = text(part)
    # The inline form is a row of its own in the activities table (it replaces the row).
    assert body.lstrip().startswith(f'<tr id="activiteit-{own.pk}"')
    assert f'<div class="activity-detail" id="voortgang-{own.pk}"' in body
    assert "<h1" not in body and f'hx-target="#voortgang-{own.pk}"' in body
    saved = client.post(
        url("activity_progress", activity_id=own.pk),
        {"status": "vertraagd", "explanation": "Wacht op de gemeente.", "note": "", "revision": 1},
        headers=HTMX,
    )
    assert saved.status_code == 200
    body = text(saved)
    assert "data-focus" in body and "Opgeslagen: de status" in body and "is vertraagd" in body
    assert "Status: Niet gestart → Vertraagd" in body  # the history below, updated
    assert "Toelichting: (leeg) → Wacht op de gemeente." in body
    events = json.loads(saved["HX-Trigger"])
    assert events["activiteit-bijgewerkt"] == {"id": own.pk}
    assert f"activiteit-bijgewerkt-{own.pk}" in events
    closed = client.get(url("activity_progress", activity_id=own.pk) + "?deel=dicht", headers=HTMX)
    assert closed.content == b""


def test_inline_errors_stay_inline(world, login, adopted):
    _, own, _ = adopted
    response = login(world.user(Z)).post(
        url("activity_progress", activity_id=own.pk),
        {"status": "vervallen", "explanation": ""},
        headers=HTMX,
    )
    assert response.status_code == 422 and "<h1" not in text(response)
    assert "HX-Trigger" not in response


def test_back_to_my_activities_after_a_save_from_there(world, login, adopted):
    _, own, _ = adopted
    client = login(world.user(Z))
    page = client.get(url("activity_progress", activity_id=own.pk) + "?terug=mijn")
    assert 'name="terug" value="mijn"' in text(page)
    saved = client.post(
        url("activity_progress", activity_id=own.pk),
        {"status": "gereed", "explanation": "", "terug": "mijn"},
        follow=True,
    )
    assert saved.redirect_chain[0][0] == url("my_activities")
    assert "Opgeslagen: de status" in text(saved)


# --- The history ------------------------------------------------------------------------------


def test_the_history_says_who_when_what_changed_and_the_note(world, login, adopted):
    _, own, _ = adopted
    with scope(tenant=world.tenant_a):
        services.activity_progress(
            activity=own, status="loopt", note="Gestart met de werkgroep.", by=world.user(B)
        )
        services.activity_progress(
            activity=fresh(own),
            status="vertraagd",
            explanation="De werkgroep is pas in januari compleet.",
            by=world.user(Z),
        )
    page = text(login(world.user(Z)).get(url("activity_progress", activity_id=own.pk)))
    history = page.split("Geschiedenis")[1]
    assert history.index("Vertraagd") < history.index("Gestart met de werkgroep.")  # newest first
    assert "Status: Loopt → Vertraagd" in history and "Status: Niet gestart → Loopt" in history
    assert str(world.user(B)) in history and str(world.user(Z)) in history


# --- Row actions --------------------------------------------------------------------------------


def _actions(world, role, jaarplan, activity) -> list[str]:
    request = RequestFactory().get("/")
    request.user, request.membership = world.user(role), world.members[role]
    with scope(tenant=world.tenant_a):
        return [a.label for a in actions_for(request, jaarplan, activity)]


def test_the_row_actions_follow_who_may(world, adopted):
    jaarplan, own, other = adopted
    assert _actions(world, Z, jaarplan, own) == ["Voortgang"]
    assert _actions(world, Z, jaarplan, other) == []
    assert _actions(world, "toezicht", jaarplan, own) == []
    assert _actions(world, B, jaarplan, own) == ["Voortgang", "Evalueren"]


def test_a_concept_has_progress_but_no_evaluation(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan)
    assert _actions(world, B, jaarplan, activity) == ["Voortgang"]


# --- Mijn activiteiten ------------------------------------------------------------------------


def test_my_activities_lists_only_mine_overdue_first(world, login, monkeypatch):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    zorg = world.user(Z)
    later = an_activity(
        jaarplan, result="Later", responsible=zorg, due_date=datetime.date(2027, 6, 1)
    )
    late = an_activity(
        jaarplan, result="Te laat", responsible=zorg, due_date=datetime.date(2026, 10, 1)
    )
    an_activity(jaarplan, result="Van een ander", responsible=world.user(B))
    page = text(login(zorg).get(url("my_activities")))
    assert "Van een ander" not in page
    assert page.index("Te laat</h2>") < page.index("Later</h2>")
    assert "waarvan <strong>1 te laat</strong>" in page
    assert f"/activiteit/{late.pk}/voortgang/?terug=mijn" in page
    assert f"/activiteit/{later.pk}/voortgang/?terug=mijn" in page


def test_my_activities_shows_only_the_live_version(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, result="Mijn taak", responsible=world.user(Z))
    with scope(tenant=world.tenant_a):
        services.jaarplan_new_version(jaarplan=adopt(jaarplan))
    page = text(login(world.user(Z)).get(url("my_activities")))
    assert page.count("Mijn taak</h2>") == 1 and "versie 1.1" in page


def test_my_activities_is_empty_with_a_word_on_how_activities_get_there(world, login):
    page = text(login(world.user("deskundige")).get(url("my_activities")))
    assert "U bent nog voor geen enkele activiteit verantwoordelijk" in page


def test_my_activities_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, responsible=world.user(Z))
    client = login(world.user(Z))
    client.get(url("my_activities"))  # warm the session and the tenant's caches
    with django_assert_max_num_queries(30) as counted:
        client.get(url("my_activities"))
    for n in range(15):
        an_activity(jaarplan, result=f"Nummer {n}", responsible=world.user(Z))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url("my_activities"))


def test_the_weekly_email_is_switched_off_and_on_by_the_member(world, login):
    client = login(world.user(Z))
    assert client.get(url("digest_preference")).status_code == 405
    off = client.post(url("digest_preference"), {"wekelijks": "uit"}, follow=True)
    assert "U krijgt geen wekelijkse e-mail meer" in text(off)
    assert "Wekelijkse e-mail weer aanzetten" in text(off)
    with scopes_disabled():
        assert DigestPreference.objects.get(user=world.user(Z)).weekly_digest is False
    on = client.post(url("digest_preference"), {"wekelijks": "aan"}, follow=True)
    assert "U krijgt weer elke maandag" in text(on)
    with scopes_disabled():
        assert DigestPreference.objects.get(user=world.user(Z)).weekly_digest is True


def test_the_mine_panel_is_there_only_for_a_member_with_activities(world, adopted):
    jaarplan, _, _ = adopted

    def names(role):
        request = RequestFactory().get("/")
        request.user, request.membership = world.user(role), world.members[role]
        with scope(tenant=world.tenant_a):
            return {p["name"]: p for p in panels_for(request, jaarplan, role == B)}

    assert "mine" in names(Z) and "mine" not in names("deskundige")
    assert "1 activiteit in dit jaarplan" in names(Z)["mine"]["html"]
