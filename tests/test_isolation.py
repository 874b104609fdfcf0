"""Tenant isolation, crawled: every URL pattern, as every role of tenant A, aimed at tenant B.

A new view joins automatically. If it takes a URL parameter this crawl does not know, the test
fails and asks for B's value of that parameter in ``b_values`` below.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django_scopes import scope, scopes_disabled

from conftest import MARKER_B
from finance.tests import crawl as finance_crawl
from monitoring.models import Indicator, Measurement, SchoolAnswer, SchoolReport, SwvEntry
from plans.exchange import import_plan
from plans.outline import KINDS
from referrals.models import (
    AbsenceRegistration,
    Advice,
    AgendaItem,
    Deskundige,
    DossierDocument,
    LoketMeeting,
    OppRegistration,
    SchoolConversation,
    SupplementRequest,
    TlvRequest,
)
from steunpunt.tests import crawl as steunpunt_crawl
from swvportal.accounts.models import Membership
from swvportal.accounts.tests.factories import MembershipFactory
from swvportal.documents.models import IssuedDocument
from swvportal.jobs.models import Job
from swvportal.tenancy.models import School
from tests.urlcrawl import all_routes

PERSONAS = ["bestuurder", "loket", "deskundige", "zorgcoordinator", "toezicht", "inspectie"]


def b_plan(world):
    """A small draft plan of tenant B with one part of every kind, each marked MARKER_B."""
    document = {
        "schema": "swvportal.osp/1",
        "titel": f"Plan {MARKER_B}",
        "eerste_schooljaar": "2026-2027",
        "versie": "1.0",
        "status": "concept",
        "strategische_opgaven": [f"Opgave {MARKER_B}"],
        "hoofdstukken": [{"titel": f"Hoofdstuk {MARKER_B}", "tekst": MARKER_B}],
        "pijlers": [
            {
                "titel": f"Pijler {MARKER_B}",
                "doelen": [
                    {
                        "titel": f"Doel {MARKER_B}",
                        "stappen": [{"wanneer": "jaarlijks", "tekst": f"Stap {MARKER_B}"}],
                    }
                ],
            }
        ],
        "afkortingen": [{"afkorting": "GB", "betekenis": MARKER_B}],
        "goedkeuringen": [
            {
                "orgaan": "opr",
                "soort": "advies",
                "datum": "2026-01-05",
                "uitkomst": "positief",
                "toelichting": MARKER_B,
            }
        ],
    }
    with scope(tenant=world.tenant_b):
        plan = import_plan(tenant=world.tenant_b, document=document, commit=True).plan
        parts = [
            (slug, kind.model.objects.filter(plan=plan).first().pk) for slug, kind in KINDS.items()
        ]
    return plan, parts


def b_pupil_records(world):
    """A thuiszitter registration and an OPP at tenant B's school."""
    from referrals import services

    with scope(tenant=world.tenant_b):
        absence = services.absence_create(
            school=world.school_b1,
            data={
                "pupil_number": f"{MARKER_B}-1",
                "birth_year": 2011,
                "kind": "absoluut",
                "start_date": datetime.date(2026, 9, 1),
                "plan": MARKER_B,
            },
        )
        opp = services.opp_create(
            school=world.school_b1,
            data={
                "pupil_number": f"{MARKER_B}-2",
                "birth_year": 2012,
                "placement_date": datetime.date(2026, 9, 1),
                "pupil_view": MARKER_B,
                "heard_on": datetime.date(2026, 9, 20),
                "heard_how": "gesprek",
            },
        )
    return absence, opp


def b_monitoring(world):
    """Tenant B's dashboard: an indicator, a school report, an SWV entry and a measurement."""
    from monitoring import services
    from monitoring.models import Indicator

    with scope(tenant=world.tenant_b):
        school_question, swv_question = (
            services.indicator_save(
                tenant=world.tenant_b,
                data={
                    "pillar_number": 1,
                    "text": f"{MARKER_B} {source}",
                    "norm_text": "100%",
                    "norm_kind": "percentage",
                    "norm_minimum": 100,
                    "frequency": "jaarlijks",
                    "source": source,
                    "answer_kind": "ja/nee",
                    "unit": "%",
                },
            )
            for source in ("school", "swv")
        )
        services.school_report_save(
            tenant=world.tenant_b,
            school=world.school_b1,
            school_year=2025,
            answers={school_question.pk: (1, MARKER_B)},
        )
        services.swv_entries_save(
            tenant=world.tenant_b, school_year=2025, entries={swv_question.pk: (90, "")}
        )
        services.indicators_compute(tenant=world.tenant_b, peildatum=datetime.date(2025, 10, 1))
        return Indicator.objects.filter(tenant=world.tenant_b).first()


def b_document(world, plan):
    """An archived PDF of tenant B's plan: only its row (a crawl from A never reaches the file)."""
    with scopes_disabled():
        return IssuedDocument.objects.create(
            tenant=world.tenant_b,
            kind="osp",
            subject=plan,
            version_label=plan.version,
            title=f"Plan {MARKER_B}",
            filename=f"{MARKER_B}.pdf",
            file=f"documenten/{world.tenant_b.code}/{MARKER_B}.pdf",
            sha256="0" * 64,
            size=1,
            archived=True,
        )


def b_aftercare(world) -> dict:
    """Loket, after the decision (aftercare): tenant B's granted cluster-4 TLV with an objection,
    an external referral and a conversation, each marked MARKER_B."""
    from referrals.models import ExternalReferral, FutureConversation, Objection
    from referrals.tests.loket.builders import a_decision, a_pupil, a_request

    decision = a_decision(a_request(world.school_b1, reference=MARKER_B[:20]), reasoning=MARKER_B)
    with scopes_disabled():
        objection = Objection.objects.create(
            tenant=world.tenant_b, decision=decision, received_on=decision.sent_on, note=MARKER_B
        )
        referral = ExternalReferral.objects.create(
            tenant=world.tenant_b,
            school=world.school_b1,
            pupil=a_pupil(world.school_b1, number=f"{MARKER_B}-3"),
            referred_on=datetime.date(2026, 10, 1),
            destination=MARKER_B,
        )
        FutureConversation.objects.create(
            tenant=world.tenant_b, school=world.school_b1, referral=referral, note=MARKER_B
        )
    return {"decision_id": decision.pk, "objection_id": objection.pk, "referral_id": referral.pk}


# --- Loket, part "requests" ----------------------------------------------------------------------
def b_tlv_request(world):
    """A request of tenant B with an open question, its texts marked MARKER_B."""
    from referrals.tests.loket.builders import a_pupil, a_request

    pupil = a_pupil(world.school_b1, number=f"{MARKER_B}-4")
    tlv = a_request(
        world.school_b1,
        pupil=pupil,
        status="aanvulling",
        reference=f"TLV-{MARKER_B}",
        integrated_picture=MARKER_B,
    )
    with scopes_disabled():
        SupplementRequest.objects.create(
            tenant=world.tenant_b, request=tlv, asked_on=tlv.submitted_on, question=MARKER_B
        )
    return tlv


# --- end of part "requests" ----------------------------------------------------------------------
def b_advice_values(world) -> dict:
    """Loket, part advice: tenant B's request with its deskundige's advice, and that
    deskundige, each marked MARKER_B."""
    from referrals.tests.loket.builders import a_deskundige, a_request, an_advice

    expert = a_deskundige(world.tenant_b, name=f"Deskundige {MARKER_B}")
    tlv = a_request(world.school_b1, integrated_picture=MARKER_B)
    advice = an_advice(tlv, expert, position=1, reasoning=MARKER_B)
    return {"tlv_id": tlv.pk, "advice_id": advice.pk, "deskundige_id": expert.pk}


# --- Loket, part "dossier" -----------------------------------------------------------------------
def b_dossier(world) -> dict:
    """A request of tenant B's school with one document in its dossier, marked MARKER_B."""
    from referrals.services import loket_dossier
    from referrals.tests.loket import dossier_samples
    from referrals.tests.loket.builders import a_request

    tlv = a_request(world.school_b1, status="concept", submitted_on=None, steps_taken=MARKER_B)
    loket_b = MembershipFactory(tenant=world.tenant_b, role="loket")
    with scope(tenant=world.tenant_b):
        document = loket_dossier.dossier_upload(
            tlv=tlv,
            kind="overig",
            upload=dossier_samples.upload(
                f"{MARKER_B}.pdf", dossier_samples.PDF + MARKER_B.encode()
            ),
            by=loket_b,
        )
    return {"tlv_id": tlv.pk, "dossier_document_id": document.pk}


def b_decisions(world) -> dict:
    """Loket part ``decisions``: tenant B's meeting with an agenda item, a request and its
    decision, each marked MARKER_B where it has text."""
    from referrals.models import AgendaItem, LoketMeeting
    from referrals.tests.loket.builders import a_decision, a_request

    tlv = a_request(world.school_b1, integrated_picture=MARKER_B)
    decision = a_decision(tlv, reasoning=MARKER_B)
    with scopes_disabled():
        meeting = LoketMeeting.objects.create(
            tenant=world.tenant_b, held_on=decision.decided_on, notes=MARKER_B
        )
        item = AgendaItem.objects.create(
            tenant=world.tenant_b, meeting=meeting, request=tlv, discussion=MARKER_B
        )
    return {
        "meeting_id": meeting.pk,
        "agenda_item_id": item.pk,
        "tlv_id": tlv.pk,
        "decision_id": decision.pk,
    }


def b_jaarplan(world) -> dict:
    """Tenant B's jaarplan with every kind of part, its kwaliteitskalender and bijeenkomsten,
    and a calendar feed of B's bestuurder, each text marked MARKER_B."""
    from plans.jaarplan import services as jaarplan_services
    from plans.models import CalendarFeed, CalendarOccurrence, JaarplanApproval
    from plans.tests.jaarplan.builders import (
        a_calendar_item,
        a_jaarplan,
        a_meeting,
        a_series,
        an_activity,
        first_improvement,
    )

    jaarplan = a_jaarplan(world.tenant_b)
    improvement = first_improvement(jaarplan)
    activity = an_activity(jaarplan, improvement, result=MARKER_B, what=MARKER_B, who=MARKER_B)
    with scope(tenant=world.tenant_b):
        jaarplan_services.activity_progress(
            activity=activity, status="loopt", note=MARKER_B, by=world.user("outsider")
        )
        approval = JaarplanApproval.objects.create(
            tenant=world.tenant_b,
            jaarplan=jaarplan,
            body="rvt",
            kind="goedkeuring",
            date=datetime.date(2026, 9, 20),
            outcome="positief",
            note=MARKER_B,
        )
    item = a_calendar_item(world.tenant_b, title=f"Kalender {MARKER_B}", note=MARKER_B)
    series = a_series(world.tenant_b, name=f"Netwerk {MARKER_B}", note=MARKER_B)
    meeting = a_meeting(series, theme=MARKER_B, report=MARKER_B)
    with scopes_disabled():
        occurrence = CalendarOccurrence.objects.create(
            tenant=world.tenant_b,
            item=item,
            due_date=datetime.date(2027, 7, 1),
            done_on=datetime.date(2027, 6, 1),
            note=MARKER_B,
        )
        token = f"{MARKER_B}-feed-token"
        CalendarFeed.objects.create(
            tenant=world.tenant_b,
            user=world.user("outsider"),
            token_hash=CalendarFeed.hash_token(token),
        )
    return {
        "jaarplan_id": jaarplan.pk,
        "improvement_id": improvement.pk,
        "activity_id": activity.pk,
        "approval_id": approval.pk,
        "calendar_item_id": item.pk,
        "occurrence_id": occurrence.pk,
        "series_id": series.pk,
        "bijeenkomst_id": meeting.pk,  # "meeting_id" is the Loket's meeting
        "feed_token": token,
    }


def b_values(world) -> dict:
    """Tenant B's value for every URL parameter name used anywhere in the project.

    A value may be a list; parameters that only make sense together (a kind of plan part and
    the id of such a part) have a tuple key and a list of value tuples.
    """
    with scopes_disabled():
        job_b = Job.objects.create(
            tenant=world.tenant_b, kind="test", created_by=world.user("outsider")
        )
    plan_b, parts = b_plan(world)
    absence_b, opp_b = b_pupil_records(world)
    indicator_b = b_monitoring(world)
    document_b = b_document(world, plan_b)
    # The Loket: each part's own request of B; a page with a request id is tried with each.
    tlv_b = b_tlv_request(world)  # part "requests"
    advice_b = b_advice_values(world)  # part advice
    dossier_b = b_dossier(world)  # part "dossier"
    decisions_b = b_decisions(world)  # part ``decisions``
    return {
        **advice_b,
        **dossier_b,
        **decisions_b,
        "tlv_id": [tlv_b.pk, advice_b["tlv_id"], dossier_b["tlv_id"], decisions_b["tlv_id"]],
        "document_id": document_b.pk,
        "indicator_id": indicator_b.pk,
        "absence_id": absence_b.pk,
        "opp_id": opp_b.pk,
        "tenant_code": world.tenant_b.code,
        "school_id": world.school_b1.pk,
        "member_id": world.members["outsider"].pk,  # a member's extra bevoegdheden
        "job_id": job_b.pk,
        "plan_id": plan_b.pk,
        ("kind", "item_id"): parts,
        # Third-party routes (admin, allauth): not tenant data, but crawled all the same.
        "object_id": world.school_b1.pk,
        "id": world.user("outsider").pk,  # the admin's password-change page of a user
        "app_label": "tenancy",
        "content_type_id": 1,
        "key": "x",
        "uidb36": "x",
        "token": "x-x",
        "url": "x",
        # Loket, after the decision (aftercare)
        **b_aftercare(world),
        # The jaarplan, its kwaliteitskalender and bijeenkomsten
        **b_jaarplan(world),
        # The begroting and the vangnet (finance/tests/crawl_<part>.py)
        **finance_crawl.b_values(world),
        # The ouder- en jeugdsteunpunt (steunpunt/tests/crawl_<part>.py)
        **steunpunt_crawl.b_values(world),
    }


def _names(key) -> tuple[str, ...]:
    return key if isinstance(key, tuple) else (key,)


def _urls(route, values: dict) -> list[str]:
    """Every URL of ``route`` with these values (several where a value is a list)."""
    combos: list[dict] = [{}]
    for key, value in values.items():
        names = _names(key)
        present = [i for i, name in enumerate(names) if name in route.params]
        if not present:
            continue
        options = value if isinstance(value, list) else [value]
        options = [o if isinstance(key, tuple) else (o,) for o in options]
        # A route may use part of a tuple key (a pijler's item_id without its kind): those values.
        options = list(dict.fromkeys(tuple(o[i] for i in present) for o in options))
        used = [names[i] for i in present]
        combos = [{**c, **dict(zip(used, o, strict=True))} for c in combos for o in options]
    urls = []
    for kwargs in combos:
        # NoReverseMatch: e.g. admin patterns for another app_label, crawled as their own entry.
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(route.name, kwargs=kwargs))
    if route.is_tenant_route:
        assert urls, f"The isolation crawl cannot build a URL for {route.name}: add its values."
    return urls


def _snapshot_b(world) -> list:
    with scopes_disabled():
        rows = list(School.objects.filter(tenant=world.tenant_b).values_list("pk", "name", "brin"))
        rows += list(
            Membership.objects.filter(tenant=world.tenant_b).values_list(
                "pk", "role", "extra_capabilities"
            )
        )
        for kind in KINDS.values():
            rows += list(
                kind.model.objects.filter(tenant=world.tenant_b).values_list(
                    "pk", "revision", "position"
                )
            )
        for model in (AbsenceRegistration, OppRegistration, TlvRequest):  # + Loket "requests"
            rows += list(model.objects.filter(tenant=world.tenant_b).values_list("pk", "revision"))
        rows.append(SchoolConversation.objects.filter(tenant=world.tenant_b).count())
        rows += list(SupplementRequest.objects.filter(tenant=world.tenant_b).values())  # Loket
        for model in (Indicator, SchoolReport, SchoolAnswer, SwvEntry, Measurement, IssuedDocument):
            rows += list(model.objects.filter(tenant=world.tenant_b).values())
        rows += _snapshot_b_aftercare(world)
        rows += _snapshot_b_jaarplan(world)
        rows += finance_crawl.snapshot_b(world)
        rows += steunpunt_crawl.snapshot_b(world)
        # The Loket: B's deskundigen, advices and dossier documents.
        for model in (Deskundige, Advice, DossierDocument, LoketMeeting, AgendaItem):
            rows += list(model.objects.filter(tenant=world.tenant_b).values())
    return rows


def _snapshot_b_jaarplan(world) -> list:
    """The jaarplan: every row of B that a page of A could change."""
    from plans import models as plan_models

    models = (
        plan_models.Jaarplan,
        plan_models.Improvement,
        plan_models.Activity,
        plan_models.ActivityNote,
        plan_models.JaarplanApproval,
        plan_models.JaarplanSettings,
        plan_models.DigestPreference,
        plan_models.CalendarItem,
        plan_models.CalendarOccurrence,
        plan_models.CalendarFeed,
        plan_models.MeetingSeries,
        plan_models.Meeting,
    )
    return [row for model in models for row in model.objects.filter(tenant=world.tenant_b).values()]


def _snapshot_b_aftercare(world) -> list:
    """Loket, after the decision (aftercare): B's rows that a page of A could change."""
    from referrals.models import (
        ExternalReferral,
        FutureConversation,
        Objection,
        TlvDecision,
        TlvRequest,
    )

    models = (TlvRequest, TlvDecision, Objection, ExternalReferral, FutureConversation)
    return [row for model in models for row in model.objects.filter(tenant=world.tenant_b).values()]


@pytest.fixture
def crawl(world):
    values = b_values(world)
    routes = all_routes()
    known = {name for key in values for name in _names(key)}
    unknown = {p for r in routes for p in r.params} - known
    assert not unknown, f"Add tenant B's value for URL parameter(s) {unknown} to b_values()."
    # Tenant A's code with tenant B's object ids: the scoped lookups must not find them.
    mixed = {**values, "tenant_code": world.tenant_a.code}
    return routes, values, mixed


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_role_of_a_reaches_b_through_any_url(world, login, crawl, persona):
    routes, b_urls_values, mixed_values = crawl
    before = _snapshot_b(world)
    user = world.user(persona)
    client = login(user)
    checked = 0
    for route in routes:
        for values, variant in ((b_urls_values, "B"), (mixed_values, "A-code+B-ids")):
            for url in _urls(route, values):
                for method in ("get", "post"):
                    client.force_login(user)  # the crawl also posts to the logout URL
                    response = getattr(client, method)(url)
                    checked += 1
                    body = response.content.decode(errors="replace")
                    assert MARKER_B not in body, f"{persona} {method} {url} showed tenant B's data"
                    status = response.status_code
                    if route.is_tenant_route and variant == "B":
                        assert status == 403, (persona, method, url, status)
                    if route.is_tenant_route and variant != "B" and len(route.params) > 1:
                        assert status in (403, 404, 405), (persona, method, url, status)
    assert _snapshot_b(world) == before, "a request of tenant A changed tenant B's data"
    assert checked > 50


def test_anonymous_requests_to_tenant_pages_go_to_login(world, client, crawl):
    routes, values, mixed = crawl
    for route in [r for r in routes if r.is_tenant_route]:
        for url in [u for vals in (values, mixed) for u in _urls(route, vals)]:
            response = client.get(url)
            assert response.status_code == 302, route.name
            assert response["Location"].startswith(reverse("account_login")), route.name


def test_the_outsider_sees_only_its_own_tenant(world, login):
    client = login(world.user("outsider"))
    response = client.get(reverse("tenancy:school_list", kwargs={"tenant_code": "VOB001"}))
    assert response.status_code == 200
    assert MARKER_B in response.content.decode()
    assert "Alfa College" not in response.content.decode()


def test_the_only_tenant_pages_without_login_are_the_steunpunts_form(world, client):
    """A public page names its tenant ``public_tenant_code`` (tenancy.middleware): the steunpunt's
    form and its thanks page are the only ones, and they open without logging in."""
    public = {r.name for r in all_routes() if r.is_public_tenant_route}
    assert public == {"steunpunt_public:question", "steunpunt_public:thanks"}
    for name in public:
        url = reverse(name, kwargs={"public_tenant_code": world.tenant_a.code})
        assert client.get(url).status_code == 200, name
    unknown = reverse("steunpunt_public:question", kwargs={"public_tenant_code": "XX9999"})
    assert client.get(unknown).status_code == 404
