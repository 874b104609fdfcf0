"""The request pages: who reaches what (404 outside one's schools or assignments, 403 for
toezicht and inspectie everywhere), the worklist (overdue first, bounded queries), a read
logged per response, the status step with its confirmation, the questions, the settings."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_scopes import scopes_disabled

from referrals.models import RequestStatus, SupplementRequest, TlvRequest
from swvportal.audit.models import AuditEntry

from .builders import D0, a_deskundige, a_request, an_advice, deskundige_of, settings_for

S = RequestStatus
A = "VOA001"
PAGES = [
    "request_detail",
    "request_edit",
    "request_move",
    "supplement_ask",
    "supplement_answer",
    "request_log",
]


def url(name: str, tlv: TlvRequest | None = None, **query) -> str:
    kwargs = {"tenant_code": A} | ({"tlv_id": tlv.pk} if tlv else {})
    path = reverse(f"loket:{name}", kwargs=kwargs)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _reads(what: str) -> list[AuditEntry]:
    with scopes_disabled():
        return list(
            AuditEntry.objects.filter(
                action=LogEntry.Action.ACCESS, additional_data__what=what
            ).order_by("pk")
        )


@pytest.mark.parametrize("persona", ["toezicht", "inspectie"])
@pytest.mark.parametrize("page", [*PAGES, "request_list", "request_create", "loket_settings"])
def test_toezicht_and_inspectie_get_403_on_every_page(world, login, persona, page):
    tlv = a_request(world.school_a1)
    target = None if page in ("request_list", "request_create", "loket_settings") else tlv
    assert login(world.user(persona)).get(url(page, target)).status_code == 403


@pytest.mark.parametrize("page", ["request_detail", "request_edit", "request_move"])
def test_a_zorgcoordinator_cannot_reach_another_schools_request(world, login, page):
    other = a_request(world.school_a2, status=S.CONCEPT)
    assert login(world.user("zorgcoordinator")).get(url(page, other)).status_code == 404


def test_a_deskundige_reads_only_assigned_requests(world, login):
    assigned, unassigned = a_request(world.school_a1), a_request(world.school_a1)
    an_advice(assigned, deskundige_of(world))
    an_advice(unassigned, a_deskundige(world.tenant_a))
    client = login(world.user("deskundige"))
    assert client.get(url("request_detail", unassigned)).status_code == 404
    assert client.get(url("request_detail", assigned)).status_code == 200
    listed = client.get(url("request_list", status="alle")).context["table"].data
    assert [r.pk for r in listed] == [assigned.pk]


def test_the_lists_by_role(world, login):
    concept = a_request(world.school_a1, status=S.CONCEPT, submitted_on=None)
    submitted = a_request(world.school_a1)
    other_school = a_request(world.school_a2)
    closed = a_request(world.school_a1, status=S.CLOSED)

    def listed(persona, **query):
        table = login(world.user(persona)).get(url("request_list", **query)).context["table"]
        return {r.pk for r in table.data}

    assert listed("loket") == {submitted.pk, other_school.pk}
    assert listed("loket", status="alle") == {submitted.pk, other_school.pk, closed.pk}
    assert listed("zorgcoordinator") == {concept.pk, submitted.pk, closed.pk}
    assert listed("zorgcoordinator", status=S.CONCEPT) == {concept.pk}
    assert listed("bestuurder", school=world.school_a2.pk) == {other_school.pk}


def test_the_worklist_shows_overdue_requests_first_then_by_deadline(world, login):
    today = datetime.date.today()
    later = a_request(world.school_a1, submitted_on=today - datetime.timedelta(days=2))
    soon = a_request(world.school_a1, submitted_on=today - datetime.timedelta(days=30))
    overdue = a_request(world.school_a1, submitted_on=today - datetime.timedelta(days=50))
    paused = a_request(
        world.school_a1, status=S.SUPPLEMENT, submitted_on=today - datetime.timedelta(days=60)
    )
    with scopes_disabled():
        SupplementRequest.objects.create(
            tenant=world.tenant_a,
            request=paused,
            asked_on=today - datetime.timedelta(days=40),
            question="?",
        )
    client = login(world.user("loket"))
    rows = list(client.get(url("request_list")).context["table"].data)
    assert [r.pk for r in rows] == [overdue.pk, soon.pk, paused.pk, later.pk]
    assert [r.overdue for r in rows] == [True, False, False, False]
    only = client.get(url("request_list", overdue="ja")).context["table"].data
    assert [r.pk for r in only] == [overdue.pk]
    page = client.get(url("request_list")).content.decode()
    assert "over de termijn" in page and "klok staat stil" in page


def test_search_by_reference_or_pupil_number(world, login):
    found = a_request(world.school_a1, reference="TLV-2026-0012")
    a_request(world.school_a1, reference="TLV-2026-0013")
    client = login(world.user("loket"))
    by_reference = client.get(url("request_list", q="0012")).context["table"].data
    by_pupil = client.get(url("request_list", q=found.pupil.pupil_number)).context["table"].data
    assert [r.pk for r in by_reference] == [found.pk] == [r.pk for r in by_pupil]


@pytest.mark.parametrize("persona", ["loket", "zorgcoordinator", "deskundige"])
@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_a_constant_number_of_queries(
    world, login, django_assert_max_num_queries, persona, n
):
    expert = deskundige_of(world)
    for i in range(n):
        tlv = a_request(world.school_a1, submitted_on=D0 + datetime.timedelta(days=i))
        an_advice(tlv, expert)
        with scopes_disabled():
            SupplementRequest.objects.create(
                tenant=world.tenant_a, request=tlv, asked_on=D0, answered_on=D0, question="?"
            )
    client = login(world.user(persona))
    client.get(url("request_list"))  # sessions, settings rows: made once
    with django_assert_max_num_queries(14):
        response = client.get(url("request_list", status="alle"))
    assert len(response.context["table"].page.object_list) == min(n, 25)


def test_every_page_logs_one_read_also_with_errors(world, login):
    tlv = a_request(world.school_a1, status=S.CONCEPT, submitted_on=None)
    client = login(world.user("zorgcoordinator"))
    client.get(url("request_detail", tlv))
    assert len(_reads("TLV-aanvraag")) == 1
    response = client.post(url("request_edit", tlv), {"revision": tlv.revision, "kind": ""})
    assert response.status_code == 422
    assert len(_reads("TLV-aanvraag bewerken")) == 1
    client.get(url("request_list"))
    (listed,) = _reads("lijst TLV-aanvragen")
    assert listed.additional_data["count"] == 1


def test_a_school_creates_edits_and_submits_a_request(world, login):
    settings_for(world.tenant_a, opp_required_for_vso=False, required_documents={})
    client = login(world.user("zorgcoordinator"))
    response = client.post(
        url("request_create"),
        {
            "school": world.school_a1.pk,
            "pupil_number": "Z-9",
            "birth_year": 2012,
            "kind": "vso",
            "cluster": "4",
            "requested_category": "midden",
        },
    )
    with scopes_disabled():
        tlv = TlvRequest.objects.get(pupil__pupil_number="Z-9")
    assert response.status_code == 302 and tlv.status == S.CONCEPT
    detail = client.get(url("request_detail", tlv)).content.decode()
    assert "Wat een volledig dossier nodig heeft" in detail and "Integratief beeld" in detail
    refused = client.post(url("request_move", tlv), {"target": S.SUBMITTED, "revision": 1})
    assert refused.status_code == 422
    assert "integratief beeld ontbreekt" in refused.content.decode()
    edit = {
        "revision": tlv.revision,
        "kind": "vso",
        "cluster": "4",
        "requested_category": "midden",
        "receiving_school_name": "Vso De Brug",
        "requested_start": "01-02-2027",
        "integrated_picture": "Beeld.",
        "steps_taken": "Begeleiding.",
        "parents_view": "Eens.",
        "parents_consent_on": "01-09-2026",
        "parents_consent_by": "Moeder",
    }
    assert client.post(url("request_edit", tlv), edit).status_code == 302
    confirm = client.get(url("request_move", tlv, naar=S.SUBMITTED))
    assert "Ja, indienen bij het loket" in confirm.content.decode()
    tlv.refresh_from_db()
    done = client.post(url("request_move", tlv), {"target": S.SUBMITTED, "revision": tlv.revision})
    assert done.status_code == 302
    tlv.refresh_from_db()
    assert tlv.status == S.SUBMITTED and tlv.reference.startswith("TLV-")
    # The school may not start the review: that is the Loket's step.
    denied = client.post(url("request_move", tlv), {"target": S.IN_REVIEW, "revision": 0})
    assert denied.status_code == 403


def test_an_edit_opened_before_someone_elses_save_is_refused(world, login):
    tlv = a_request(world.school_a1, status=S.CONCEPT, submitted_on=None)
    client = login(world.user("zorgcoordinator"))
    response = client.post(
        url("request_edit", tlv),
        {
            "revision": tlv.revision - 1 or 99,
            "kind": "vso",
            "cluster": "4",
            "requested_category": "laag",
        },
    )
    assert response.status_code == 422
    assert "intussen door iemand anders gewijzigd" in response.content.decode()


def test_the_loket_asks_and_the_school_answers(world, login):
    settings_for(world.tenant_a, opp_required_for_vso=False, required_documents={})
    tlv = a_request(world.school_a1, status=S.IN_REVIEW)
    loket = login(world.user("loket"))
    assert loket.post(url("supplement_ask", tlv), {"question": "Stuur het OPP."}).status_code == 302
    tlv.refresh_from_db()
    assert tlv.status == S.SUPPLEMENT
    school = login(world.user("zorgcoordinator"))
    page = school.get(url("supplement_answer", tlv)).content.decode()
    assert "Stuur het OPP." in page
    assert school.post(url("supplement_answer", tlv), {"answer": "Bijgevoegd."}).status_code == 302
    tlv.refresh_from_db()
    assert tlv.status == S.IN_REVIEW
    assert school.get(url("supplement_answer", tlv)).status_code == 404  # nothing open any more


def test_the_settings_page_saves_every_group(world, login):
    client = login(world.user("loket"))
    form = client.get(url("loket_settings")).context["form"]
    data = {
        name: value
        for name, value in {**form.initial, **{f: form[f].value() for f in form.fields}}.items()
        if value not in (None, False)
    }
    data.update(handling_weeks=8, lwoo_enabled="on", required_lwoo=["onderzoek", "zienswijze"])
    response = client.post(url("loket_settings"), data)
    assert response.status_code == 302, response.context["form"].errors
    saved = settings_for(world.tenant_a)
    assert (saved.handling_weeks, saved.lwoo_enabled) == (8, True)
    assert saved.required_documents["lwoo"] == ["onderzoek", "zienswijze"]
    bad = client.post(url("loket_settings"), {**data, "pro_iq_min": 90, "pro_iq_max": 80})
    assert bad.status_code == 422
    assert "Het hoogste IQ voor PrO ligt onder het laagste." in bad.content.decode()
