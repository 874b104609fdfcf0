"""The meeting and decision pages: the agenda proposes exactly the ready requests, deciding from
the meeting, who may do what, reads logged, and a fixed number of queries per page."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals.models import AgendaItem, Discipline, LoketMeeting, RequestStatus, TlvDecision
from referrals.views import loket_decisions as views
from referrals.views.loket_panels import panels_for
from swvportal.audit.models import AuditEntry

from .builders import a_decision, a_deskundige, a_request, an_advice

CODE = "VOA001"


def url(name: str, **kwargs) -> str:
    return reverse(f"loket:{name}", kwargs={"tenant_code": CODE, **kwargs})


def ready(world, school=None):
    tlv = a_request(school or world.school_a1, status=RequestStatus.IN_REVIEW)
    an_advice(tlv, a_deskundige(world.tenant_a), position=1, submitted=True)
    an_advice(
        tlv,
        a_deskundige(world.tenant_a, discipline=Discipline.PEDAGOOG),
        position=2,
        submitted=True,
    )
    return tlv


def a_meeting(world, day=datetime.date(2026, 11, 20)) -> LoketMeeting:
    with scopes_disabled():
        return LoketMeeting.objects.create(tenant=world.tenant_a, held_on=day)


def test_the_meeting_proposes_exactly_the_ready_requests(world, login):
    meeting = a_meeting(world)
    proposed = {ready(world).pk, ready(world, world.school_a2).pk}
    one_advice = a_request(world.school_a1, status=RequestStatus.IN_REVIEW)
    an_advice(one_advice, a_deskundige(world.tenant_a), position=1, submitted=True)
    submitted_only = ready(world)
    with scopes_disabled():
        type(submitted_only).objects.filter(pk=submitted_only.pk).update(
            status=RequestStatus.SUBMITTED
        )
    already_on = ready(world)
    with scopes_disabled():
        AgendaItem.objects.create(tenant=world.tenant_a, meeting=meeting, request=already_on)
    a_decision(ready(world))
    response = login(world.user("loket")).get(url("meeting_detail", meeting_id=meeting.pk))
    assert response.status_code == 200
    assert {t.pk for t in response.context["page"].proposed} == proposed
    lines = response.context["page"].lines
    assert [line.item.request_id for line in lines] == [already_on.pk]
    assert lines[0].can_decide


def test_deciding_from_the_meeting_is_the_normal_path(world, login):
    meeting = a_meeting(world)
    tlv = ready(world)
    client = login(world.user("loket"))
    added = client.post(url("agenda_add", meeting_id=meeting.pk), {"request": tlv.pk})
    assert added.status_code == 302
    decide_url = url("decision_create", tlv_id=tlv.pk) + f"?vergadering={meeting.pk}"
    page = client.get(decide_url)
    assert page.status_code == 200
    assert "De leerling heeft een intensief aanbod nodig." in page.content.decode()  # advice
    response = client.post(
        decide_url,
        {
            "outcome": "toegekend",
            "cluster": "4",
            "category": "laag",
            "start_date": "01-11-2026",
            "receiving_school_name": "Vso De Brug",
            "reasoning": "Beide adviezen: toelaatbaar.",
            "decided_on": "20-11-2026",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("meeting_detail", meeting_id=meeting.pk)
    with scopes_disabled():
        decision = TlvDecision.objects.get()
        assert decision.meeting == meeting
        assert AgendaItem.objects.get(meeting=meeting).outcome == "besloten"


def test_a_refused_decision_shows_the_rule_and_saves_nothing(world, login):
    tlv = a_request(world.school_a1, status=RequestStatus.IN_REVIEW)
    response = login(world.user("loket")).post(
        url("decision_create", tlv_id=tlv.pk),
        {"outcome": "afgewezen", "reasoning": "x", "decided_on": "20-11-2026", "confirm": "on"},
    )
    assert response.status_code == 422
    assert "Regel &#x27;twee adviezen&#x27;" in response.content.decode()
    with scopes_disabled():
        assert not TlvDecision.objects.exists()


def test_the_reasoning_is_required_on_the_page(world, login):
    tlv = ready(world)
    response = login(world.user("loket")).post(
        url("decision_create", tlv_id=tlv.pk),
        {"outcome": "afgewezen", "reasoning": "", "decided_on": "20-11-2026", "confirm": "on"},
    )
    assert response.status_code == 422
    assert "Schrijf de motivering" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("loket", 200),
        ("bestuurder", 200),
        ("zorgcoordinator", 200),
        ("deskundige", 404),  # not assigned to this request
        ("toezicht", 403),
        ("inspectie", 403),
    ],
)
def test_who_reads_a_decision(world, login, persona, status):
    decision = a_decision(a_request(world.school_a1))
    response = login(world.user(persona)).get(url("decision_detail", decision_id=decision.pk))
    assert response.status_code == status


def test_a_zorgcoordinator_does_not_read_another_schools_decision(world, login):
    decision = a_decision(a_request(world.school_a2))
    client = login(world.user("zorgcoordinator"))
    assert client.get(url("decision_detail", decision_id=decision.pk)).status_code == 404
    assert client.get(url("decision_letter", decision_id=decision.pk)).status_code == 404


def test_reading_a_decision_and_a_meeting_is_logged(world, login):
    decision = a_decision(a_request(world.school_a1))
    meeting = a_meeting(world)
    client = login(world.user("loket"))
    client.get(url("decision_detail", decision_id=decision.pk))
    client.get(url("meeting_detail", meeting_id=meeting.pk))
    with scopes_disabled():
        whats = set(AuditEntry.objects.values_list("additional_data__what", flat=True))
    assert {"besluit", "vergadering met agenda"} <= whats


def test_removing_from_the_agenda_asks_first(world, login):
    meeting = a_meeting(world)
    with scopes_disabled():
        item = AgendaItem.objects.create(
            tenant=world.tenant_a, meeting=meeting, request=ready(world)
        )
    client = login(world.user("loket"))
    remove = url("agenda_item_remove", meeting_id=meeting.pk, agenda_item_id=item.pk)
    assert "Ja, van de agenda halen" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    with scopes_disabled():
        assert not AgendaItem.objects.exists()


def test_the_panel_shows_the_decision_and_the_way_to_decide(world):
    decided = a_request(world.school_a1)
    a_decision(decided)
    waiting = a_request(world.school_a1, status=RequestStatus.IN_REVIEW)

    def panel(tlv, persona):
        http = RequestFactory().get("/")
        http.membership, http.user = world.members[persona], world.user(persona)
        with scope(tenant=world.tenant_a):
            return next(p for p in panels_for(http, tlv, False) if p["name"] == "decisions")

    school = panel(decided, "zorgcoordinator")
    assert len(school["decisions"]) == 1 and school["can_letter"] and not school["may_decide"]
    loket = panel(waiting, "loket")
    assert loket["may_decide"] and any("twee adviezen" in p for p in loket["decide_problems"])
    assert views.decisions is not None


def _meetings(world, n: int) -> LoketMeeting:
    """``n`` ready requests on one meeting's agenda, ``n`` more proposed, ``n`` meetings."""
    meeting = a_meeting(world)
    with scopes_disabled():
        for i in range(n):
            AgendaItem.objects.create(
                tenant=world.tenant_a, meeting=meeting, request=ready(world), order=i
            )
            ready(world, world.school_a2)
            LoketMeeting.objects.create(
                tenant=world.tenant_a, held_on=datetime.date(2026, 1, 1) + datetime.timedelta(i)
            )
    return meeting


@pytest.mark.parametrize("n", [2, 20])
def test_the_meeting_page_runs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, n
):
    meeting = _meetings(world, n)
    client = login(world.user("loket"))
    with django_assert_max_num_queries(30):
        response = client.get(url("meeting_detail", meeting_id=meeting.pk))
    assert len(response.context["page"].lines) == n and len(response.context["page"].proposed) == n


@pytest.mark.parametrize("n", [2, 20])
def test_the_meeting_list_runs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, n
):
    _meetings(world, n)
    client = login(world.user("loket"))
    with django_assert_max_num_queries(20):
        response = client.get(url("meeting_list"))
    assert response.context["table"].paginator.count == n + 1
