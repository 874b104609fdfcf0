"""The deskundigen's pages and the advices panel: who sees which advice, the flows, the reads
logged, and lists that ask a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals.models import Advice, Deskundige, Discipline
from referrals.services import loket_advice as services
from referrals.views import loket_advice as views
from swvportal.accounts.models import Role
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory
from swvportal.audit.models import AuditEntry

from .builders import a_decision, a_deskundige, a_request, an_advice, deskundige_of, settings_for

A = "VOA001"
OWN_TEXT, OTHER_TEXT = "Mijn eigen onderbouwing.", "Onderbouwing van de collega."


def url(name: str, **kwargs) -> str:
    return reverse(f"loket:{name}", kwargs={"tenant_code": A, **kwargs})


@pytest.fixture
def assigned(world):
    """A request of school A1 with the world's deskundige first and a colleague second, whose
    advice is submitted."""
    tlv = a_request(world.school_a1, status="in_behandeling")
    own = an_advice(tlv, deskundige_of(world), position=1, reasoning=OWN_TEXT)
    colleague = a_deskundige(world.tenant_a, discipline=Discipline.PSYCHOLOOG, name="Cor Collega")
    other = an_advice(tlv, colleague, position=2, submitted=True, reasoning=OTHER_TEXT)
    return tlv, own, other


def _submit(advice: Advice) -> None:
    with scopes_disabled():
        Advice.objects.filter(pk=advice.pk).update(
            submitted_at=datetime.datetime(2026, 9, 20, tzinfo=datetime.UTC),
            no_involvement_declared_on=datetime.date(2026, 9, 2),
            personal=True,
            conclusion="toelaatbaar",
            advised_on=datetime.date(2026, 9, 19),
        )


def _panel(world, role, tlv):
    """The advices panel as ``role`` gets it, rendered, with the reads it logged."""
    http = RequestFactory().get("/")
    http.user, http.membership = world.user(role), world.members[role]
    http.resolver_match = None
    with scope(tenant=world.tenant_a):
        before = AuditEntry.objects.filter(action=3).count()  # ACCESS
        context = views.advices(http, tlv, False)
        html = render_to_string(
            "loket/advice/_panel.html",
            {"panel": context, "current_tenant": world.tenant_a},
        )
        reads = AuditEntry.objects.filter(action=3).count() - before
    return html, reads


# --- Who sees which advice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "visible_before_own, own_submitted, sees_other",
    [
        (False, False, False),
        (False, True, True),
        (True, False, True),
        (True, True, True),
    ],
    ids=[
        "setting off, own not submitted: hidden",
        "setting off, own submitted: shown",
        "setting on, own not submitted: shown",
        "setting on, own submitted: shown",
    ],
)
def test_a_deskundige_reads_the_other_advice_only_after_their_own(
    world, login, assigned, visible_before_own, own_submitted, sees_other
):
    tlv, own, _other = assigned
    settings_for(world.tenant_a, advice_visible_before_own=visible_before_own)
    if own_submitted:
        _submit(own)
    html, reads = _panel(world, Role.DESKUNDIGE, tlv)
    assert (OTHER_TEXT in html) == sees_other
    assert OWN_TEXT in html
    assert reads == 1 + sees_other  # one read per advice whose content is shown
    page = login(world.user(Role.DESKUNDIGE)).get(url("advice_edit", advice_id=own.pk))
    assert page.status_code == 200
    assert (OTHER_TEXT in page.content.decode()) == sees_other


def test_nobody_but_its_author_reads_a_draft(world, assigned):
    tlv, _own, other = assigned
    settings_for(world.tenant_a, advice_visible_before_own=True)
    with scopes_disabled():
        Advice.objects.filter(pk=other.pk).update(submitted_at=None)
    for role in (Role.DESKUNDIGE, Role.LOKET):
        html, _ = _panel(world, role, tlv)
        assert OTHER_TEXT not in html, role
    assert OWN_TEXT not in _panel(world, Role.LOKET, tlv)[0]


def test_the_loket_reads_every_submitted_advice_and_what_is_left_to_solve(world, assigned):
    tlv, _own, _other = assigned
    html, reads = _panel(world, Role.LOKET, tlv)
    assert OTHER_TEXT in html and reads == 1
    assert "Regel &#x27;twee adviezen&#x27;" in html  # the first advice is not in yet
    assert url("advice_assign", tlv_id=tlv.pk) in html


@pytest.mark.parametrize("role", [Role.ZORGCOORDINATOR, Role.BESTUURDER])
def test_the_school_reads_the_advices_only_after_the_decision(world, assigned, role):
    tlv, own, _other = assigned
    _submit(own)
    html, reads = _panel(world, role, tlv)
    assert OTHER_TEXT not in html and "Cor Collega" not in html and reads == 0
    assert "nadat het Loket heeft besloten" in html
    a_decision(tlv)
    html, reads = _panel(world, role, tlv)
    assert OTHER_TEXT in html and "Cor Collega" in html and reads == 2
    assert "Niet betrokken" not in html  # conclusion and reasoning, not the details


def test_a_deskundige_cannot_reach_an_unassigned_request_or_advice(world, login):
    tlv = a_request(world.school_a1)
    someone_elses = an_advice(tlv, a_deskundige(world.tenant_a), position=1)
    deskundige_of(world)
    client = login(world.user(Role.DESKUNDIGE))
    for name in ("advice_edit", "advice_submit"):
        assert client.get(url(name, advice_id=someone_elses.pk)).status_code == 404
    # The assignment page is the Loket's: a deskundige may not use it at all.
    assert client.get(url("advice_assign", tlv_id=tlv.pk)).status_code == 403


def test_the_worklist_shows_only_the_deskundiges_own_advices(world, login, assigned):
    _tlv, own, _other = assigned
    an_advice(a_request(world.school_a2), a_deskundige(world.tenant_a), position=1)
    response = login(world.user(Role.DESKUNDIGE)).get(url("advice_list"))
    assert [row.record for row in response.context["table"].rows] == [own]
    assert "Concept, nog niet ingediend" in response.content.decode()


# --- The flows ----------------------------------------------------------------------------------


def test_the_deskundige_writes_saves_and_signs_their_advice(world, login, assigned):
    _tlv, own, _other = assigned
    client = login(world.user(Role.DESKUNDIGE))
    form = {
        "revision": own.revision,
        "declare_no_involvement": "on",
        "conclusion": "toelaatbaar",
        "advised_category": "midden",
        "reasoning": "Mijn onderbouwing.",
        "advised_on": "15-09-2026",
        "personal": "on",
        "indienen": "1",
    }
    saved = client.post(url("advice_edit", advice_id=own.pk), form)
    assert saved.status_code == 302 and saved["Location"] == url("advice_submit", advice_id=own.pk)
    confirm = client.get(saved["Location"])
    assert "Weet u zeker dat u uw advies wilt indienen?" in confirm.content.decode()
    signed = client.post(url("advice_submit", advice_id=own.pk), follow=True)
    assert "Uw advies is ingediend en ondertekend" in signed.content.decode()
    assert "kan niet meer worden gewijzigd" in signed.content.decode()
    with scopes_disabled():
        own.refresh_from_db()
    assert own.is_submitted and own.personal and own.no_involvement_declared_on


def test_the_own_advice_box_is_required(world, login, assigned):
    _tlv, own, _other = assigned
    response = login(world.user(Role.DESKUNDIGE)).post(
        url("advice_edit", advice_id=own.pk), {"revision": own.revision, "reasoning": "x"}
    )
    assert response.status_code == 422
    assert "Bevestig dat dit uw eigen advies is" in response.content.decode()


def test_submitting_an_incomplete_advice_says_what_is_missing(world, login, assigned):
    _tlv, own, _other = assigned
    client = login(world.user(Role.DESKUNDIGE))
    page = client.get(url("advice_submit", advice_id=own.pk)).content.decode()
    assert "U kunt het advies nog niet indienen" in page and "Kies een conclusie" in page
    assert client.post(url("advice_submit", advice_id=own.pk)).status_code == 422


def test_the_loket_assigns_and_confirms_a_replacement(world, login):
    tlv = a_request(world.school_a1)
    first = a_deskundige(world.tenant_a, name="Eva Eerste")
    second = a_deskundige(world.tenant_a, discipline=Discipline.PSYCHOLOOG)
    client = login(world.user(Role.LOKET))
    page = client.get(url("advice_assign", tlv_id=tlv.pk))
    assert page.status_code == 200 and "Nog niemand" in page.content.decode()
    done = client.post(
        url("advice_assign", tlv_id=tlv.pk), {"first": first.pk, "second": second.pk}, follow=True
    )
    assert "De deskundigen zijn toegewezen." in done.content.decode()
    newcomer = a_deskundige(world.tenant_a, name="Nina Nieuw")
    choice = {"first": newcomer.pk, "second": second.pk}
    asked = client.post(url("advice_assign", tlv_id=tlv.pk), choice)
    body = asked.content.decode()
    assert "Eva Eerste wordt vervangen door Nina Nieuw" in body
    with scopes_disabled():
        assert tlv.advices.get(position=1).deskundige == first  # nothing changed yet
    client.post(url("advice_assign", tlv_id=tlv.pk), {**choice, "confirm": "on"})
    with scopes_disabled():
        assert tlv.advices.get(position=1).deskundige == newcomer
        tlv.refresh_from_db()
    assert tlv.status == "in_behandeling"


def test_a_refused_assignment_names_the_rule(world, login):
    tlv = a_request(world.school_a1)
    at_school = a_deskundige(world.tenant_a, schools=[world.school_a1])
    second = a_deskundige(world.tenant_a, discipline=Discipline.PSYCHOLOOG)
    response = login(world.user(Role.LOKET)).post(
        url("advice_assign", tlv_id=tlv.pk), {"first": at_school.pk, "second": second.pk}
    )
    assert response.status_code == 422
    assert "Regel &#x27;onafhankelijk van de school&#x27;" in response.content.decode()


def test_the_loket_adds_and_edits_a_deskundige(world, login):
    client = login(world.user(Role.LOKET))
    empty = client.get(url("deskundige_list")).content.decode()
    assert "Er zijn nog geen deskundigen." in empty and "onder Gebruikers" in empty
    membership = world.members[Role.DESKUNDIGE]
    added = client.post(
        url("deskundige_create"),
        {"membership": membership.pk, "discipline": "orthopedagoog", "active": "on"},
        follow=True,
    )
    assert "is toegevoegd als deskundige" in added.content.decode()
    with scopes_disabled():
        made = Deskundige.objects.get(membership=membership)
    edited = client.post(
        url("deskundige_edit", deskundige_id=made.pk),
        {"discipline": "anders", "discipline_other": "", "schools": [world.school_a2.pk]},
    )
    assert edited.status_code == 422
    assert "Vul in welke andere discipline" in edited.content.decode()
    client.post(
        url("deskundige_edit", deskundige_id=made.pk),
        {
            "discipline": "anders",
            "discipline_other": "GZ-psycholoog",
            "schools": [world.school_a2.pk],
        },
    )
    with scopes_disabled():
        made.refresh_from_db()
        assert made.discipline_label == "GZ-psycholoog" and not made.active
        assert list(made.schools.all()) == [world.school_a2]


def test_a_deskundige_of_another_tenant_is_not_found(world, login):
    foreign = a_deskundige(world.tenant_b)
    response = login(world.user(Role.LOKET)).get(url("deskundige_edit", deskundige_id=foreign.pk))
    assert response.status_code == 404


# --- Bounded queries ----------------------------------------------------------------------------


def _deskundigen_with_advices(world, n: int) -> None:
    for _ in range(n):
        expert = a_deskundige(world.tenant_a, schools=[world.school_a2])
        an_advice(a_request(world.school_a1), expert, position=1)


def _own_advices(world, n: int) -> None:
    own = deskundige_of(world)
    for _ in range(n):
        an_advice(a_request(world.school_a1), own, position=1)


@pytest.mark.parametrize(
    "page, role, build",
    [
        ("deskundige_list", Role.LOKET, _deskundigen_with_advices),
        ("advice_list", Role.DESKUNDIGE, _own_advices),
    ],
    ids=["deskundigen", "mijn adviezen"],
)
def test_the_lists_ask_a_constant_number_of_queries(
    world, login, django_assert_max_num_queries, page, role, build
):
    client = login(world.user(role))
    build(world, 2)
    with django_assert_max_num_queries(99) as small:
        assert client.get(url(page)).status_code == 200
    build(world, 20)  # ten times as many: the same queries (the page shows 22 of 25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(url(page)).context["table"].rows) == 22


def test_an_unused_membership_is_offered_once(world):
    with scope(tenant=world.tenant_a):
        from referrals.selectors import loket_advice as selectors

        spare = MembershipFactory(
            tenant=world.tenant_a, role=Role.DESKUNDIGE, user=UserFactory(email="x@alfa.example")
        )
        offered = set(selectors.deskundige_candidates(tenant=world.tenant_a))
        assert offered == {world.members[Role.DESKUNDIGE], spare}
        services.deskundige_create(membership=spare, data={"discipline": "pedagoog"})
        assert set(selectors.deskundige_candidates(tenant=world.tenant_a)) == {
            world.members[Role.DESKUNDIGE]
        }
