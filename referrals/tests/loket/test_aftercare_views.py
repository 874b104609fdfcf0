"""The pages after the decision: what each role gets, what the pages say, reads logged, and a
fixed number of queries per list (n rows and 10·n rows)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from referrals.models import ExternalReferral, FutureConversation, Objection, TlvRequest
from referrals.tasks import send_expiry_notices
from referrals.views.loket_panels import panels_for
from swvportal.accounts.models import Role
from swvportal.audit.models import AuditEntry

from .builders import a_decision, a_request

DAY = datetime.timedelta(days=1)


_REFERENCES = itertools.count(1)


def today() -> datetime.date:
    return timezone.localdate()


def url(name: str, **kwargs) -> str:
    return reverse(f"loket:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def expiring(school, *, days: int = 30, **fields):
    """A granted cluster-4 TLV of ``school`` ending in ``days`` days, decided last month."""
    end = today() + days * DAY
    start = end - 400 * DAY
    decided = fields.setdefault("decided_on", today() - 30 * DAY)
    fields.setdefault("sent_on", decided + DAY)
    return a_decision(
        a_request(
            school,
            requested_start=start,
            reference=fields.pop("reference", f"TLV-X-{next(_REFERENCES)}"),
        ),
        start_date=start,
        end_date=end,
        **fields,
    )


def an_objection(decision, **fields) -> Objection:
    values = {"received_on": decision.sent_on + 5 * DAY, "with_committee": False}
    values.update(fields)
    with scopes_disabled():
        return Objection.objects.create(tenant=decision.tenant, decision=decision, **values)


# --- Objections ---------------------------------------------------------------------------------


def test_the_loket_registers_an_objection_and_sees_its_deadlines(world, login):
    decision = expiring(world.school_a1, sent_on=None, decided_on=today() - 100 * DAY)
    client = login(world.user(Role.LOKET))
    page = client.get(url("objection_create", decision_id=decision.pk))
    assert "gerekend vanaf de datum van het besluit" in page.content.decode()
    received = decision.decided_on + 50 * DAY
    response = client.post(
        url("objection_create", decision_id=decision.pk),
        {"received_on": received.strftime("%d-%m-%Y"), "with_committee": "0", "note": ""},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het kwam na de bezwaartermijn binnen" in body  # the message after saving
    assert "Beslissen uiterlijk op" in body
    with scopes_disabled():
        objection = Objection.objects.get()
        assert AuditEntry.objects.filter(object_pk=str(objection.pk), action=3).exists()


def test_an_objection_form_with_errors_says_what_is_wrong(world, login):
    decision = expiring(world.school_a1)
    response = login(world.user(Role.LOKET)).post(
        url("objection_create", decision_id=decision.pk),
        {"received_on": "31-02-2026", "with_committee": "1"},
    )
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    with scopes_disabled():
        assert not Objection.objects.exists()


def test_the_extension_page_confirms_and_a_second_extension_is_refused(world, login):
    objection = an_objection(expiring(world.school_a1), received_on=today() - 5 * DAY)
    client = login(world.user(Role.LOKET))
    confirm = client.get(url("objection_extend", objection_id=objection.pk))
    assert "Ja, verleng de termijn" in confirm.content.decode()
    done = client.post(url("objection_extend", objection_id=objection.pk), follow=True)
    assert "De beslistermijn is verlengd tot en met" in done.content.decode()
    again = client.post(url("objection_extend", objection_id=objection.pk))
    assert again.status_code == 422 and "7:10 lid 3" in again.content.decode()


def test_the_objection_list_puts_open_objections_first_by_due_date(world, login):
    decision = expiring(world.school_a1)
    later = an_objection(decision, with_committee=True)
    sooner = an_objection(decision, with_committee=False)
    done = an_objection(decision, stage="beslist", outcome="ongegrond", decided_on=today() - DAY)
    response = login(world.user(Role.LOKET)).get(url("objection_list"))
    rows = [row.record.objection for row in response.context["table"].paginated_rows]
    assert rows == [sooner, later, done]


def _http(membership):
    """A request of this member, as the request page passes it to every panel."""
    http = RequestFactory().get("/")
    http.membership, http.user = membership, membership.user
    return http


def test_the_objections_panel_on_the_request_page_is_for_the_loket(world):
    decision = expiring(world.school_a1, decided_on=today() - 100 * DAY)
    an_objection(decision)  # without committee: due 12 weeks after sending, 16 days ago
    with scope(tenant=world.tenant_a):
        for role, shown in ((Role.LOKET, True), (Role.ZORGCOORDINATOR, False)):
            http = _http(world.members[role])
            names = [p["name"] for p in panels_for(http, decision.request, False)]
            assert ("objections" in names) is shown
        http = _http(world.members[Role.LOKET])
        panel = next(
            p for p in panels_for(http, decision.request, False) if p["name"] == "objections"
        )
    [row] = panel["objection_rows"]
    assert row.urgency == "verlopen" and panel["standing_decisions"] == [decision]


# --- Expiring TLVs and their extension ------------------------------------------------------------


def test_a_zorgcoordinator_sees_and_extends_only_their_own_schools_tlvs(world, login):
    own = expiring(world.school_a1, reference="TLV-EIGEN")
    other = expiring(world.school_a2, reference="TLV-ANDER")
    client = login(world.user(Role.ZORGCOORDINATOR))
    body = client.get(url("expiring_list")).content.decode()
    assert "TLV-EIGEN" in body and "TLV-ANDER" not in body and "Verlenging aanvragen" in body
    assert client.get(url("extension_start", decision_id=other.pk)).status_code == 404
    response = client.post(url("extension_start", decision_id=own.pk))
    assert response.status_code == 302
    with scopes_disabled():
        assert TlvRequest.objects.get(extends=own).status == "concept"
    after = client.get(url("expiring_list")).content.decode()
    assert "Verlenging aangevraagd" in after


def test_the_bestuurder_sees_expiring_tlvs_but_may_not_start_an_extension(world, login):
    decision = expiring(world.school_a1)
    client = login(world.user(Role.BESTUURDER))
    assert "Verlenging aanvragen" not in client.get(url("expiring_list")).content.decode()
    assert client.get(url("extension_start", decision_id=decision.pk)).status_code == 403


def test_the_nightly_task_mails_each_expiring_tlv_once(world):
    expiring(world.school_a1)
    assert send_expiry_notices.run() == 1
    assert send_expiry_notices.run() == 0  # a redelivered or repeated run
    assert len(mail.outbox) == 1


# --- Referrals and conversations ----------------------------------------------------------------


def test_a_zorgcoordinator_registers_an_external_referral_for_their_school(world, login):
    client = login(world.user(Role.ZORGCOORDINATOR))
    form = client.get(url("referral_create")).context["form"]
    assert list(form.fields["school"].queryset) == [world.school_a1]
    response = client.post(
        url("referral_create"),
        {
            "school": world.school_a1.pk,
            "pupil_number": "R-1",
            "birth_year": 2012,
            "referred_on": (today() - DAY).strftime("%d-%m-%Y"),
            "destination": "Vso Buitenaf",
        },
        follow=True,
    )
    assert "De externe verwijzing is vastgelegd." in response.content.decode()
    refused = client.post(url("referral_create"), {"school": world.school_a2.pk})
    assert refused.status_code == 422
    with scopes_disabled():
        assert ExternalReferral.objects.get().school == world.school_a1


def test_recording_the_held_conversation_takes_the_event_off_the_list(world, login):
    decision = expiring(world.school_a1, reference="TLV-GESPREK")
    client = login(world.user(Role.LOKET))
    assert "TLV-GESPREK" in client.get(url("conversation_list")).content.decode()
    response = client.post(
        url("conversation_for_decision", decision_id=decision.pk),
        {"planned_on": "", "held_on": today().strftime("%d-%m-%Y"), "note": "Afspraken"},
        follow=True,
    )
    assert "TLV-GESPREK" not in response.content.decode()
    with scopes_disabled():
        assert FutureConversation.objects.get(decision=decision).note == "Afspraken"


# --- Query counts ---------------------------------------------------------------------------------


def _rows(world, n: int) -> None:
    for i in range(n):
        school = world.school_a1 if i % 2 else world.school_a2
        decision = expiring(school, days=10 + i, reference=f"TLV-{n}-{i}")
        an_objection(decision)
        with scopes_disabled():
            pupil = decision.pupil
            ExternalReferral.objects.create(
                tenant=world.tenant_a,
                school=school,
                pupil=pupil,
                referred_on=today() - DAY,
                destination="Elders",
            )


@pytest.mark.parametrize(
    "page", ["objection_list", "expiring_list", "referral_list", "conversation_list"]
)
def test_each_list_runs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, page
):
    client = login(world.user(Role.LOKET))
    _rows(world, 2)
    client.get(url(page))  # warm: settings row, sessions
    with django_assert_max_num_queries(20) as small:
        client.get(url(page))
    _rows(world, 18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(page))
    assert response.status_code == 200
