"""The permission matrix: role × page → allowed or not, and the README's matrix matches the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from finance.tests import crawl as finance_crawl
from steunpunt.tests import crawl as steunpunt_crawl
from swvportal.accounts.models import Role
from swvportal.accounts.permissions import CAPABILITIES, can
from swvportal.jobs.models import Job
from tests.urlcrawl import all_routes

B, L, Z, T, I = "bestuurder", "loket", "zorgcoordinator", "toezicht", "inspectie"  # noqa: E741
D = "deskundige"
EVERYONE = {B, L, D, Z, T, I}

# page → the roles that get a 200. Written out by hand on purpose: this is the specification.
MATRIX: dict[str, set[str]] = {
    "core:tenant_home": EVERYONE,
    "tenancy:school_list": EVERYONE,
    "tenancy:school_detail": EVERYONE,
    "accounts:member_list": {B},
    "accounts:member_grants": {B},  # a Loket member's extra bevoegdheden (issue 16)
    "audit:entry_list": {B},
    "jobs:job_list": EVERYONE,
    "jobs:job_detail": EVERYONE,  # one's own job
    # The ondersteuningsplan: read pages on the adopted version 4.0 …
    "plans:plan_list": EVERYONE,
    "plans:plan_detail": EVERYONE,
    "plans:plan_compare": EVERYONE,
    "plans:chapter_read": EVERYONE,
    "plans:pillar_read": EVERYONE,
    "plans:item_show": EVERYONE,
    "plans:plan_history": {B},
    # … and writing pages on the concept version 4.1.
    "plans:plan_create": {B},
    "plans:plan_edit": {B},
    "plans:plan_status": {B},
    "plans:plan_new_version": {B},
    "plans:item_create": {B},
    "plans:item_edit": {B},
    "plans:item_delete": {B},
    # Pupil records, on a registration and an OPP of school A1 (the zorgcoördinator's school).
    "referrals:absence_list": {B, Z},
    "referrals:absence_create": {B, Z},
    "referrals:absence_detail": {B, Z},
    "referrals:absence_edit": {B, Z},
    "referrals:absence_close": {B, Z},
    "referrals:absence_log": {B},
    "referrals:opp_list": {B, Z},
    "referrals:opp_create": {B, Z},
    "referrals:opp_detail": {B, Z},
    "referrals:opp_edit": {B, Z},
    "referrals:opp_log": {B},
    "referrals:school_overview": {B, Z},
    "referrals:conversation_create": {B},
    "referrals:settings": {B},
    "referrals:import_absences": {B, Z},
    "referrals:import_opps": {B, Z},
    "referrals:export_absences": {B, Z},
    "referrals:export_opps": {B, Z},
    # The dashboard: aggregates for bestuurder, toezicht and inspectie; input for the rest.
    "monitoring:dashboard": {B, T, I},
    "monitoring:dashboard_export": {B, T, I},
    "monitoring:indicator_detail": {B, T, I},
    "monitoring:catalogue": {B},
    "monitoring:indicator_create": {B},
    "monitoring:indicator_edit": {B},
    "monitoring:swv_entries": {B},
    "monitoring:settings": {B},
    "monitoring:report_overview": {B, Z},
    "monitoring:school_report": {B, Z},  # school A1, the zorgcoördinator's school
    # Issued PDFs: the archived PDF of the adopted plan 4.0 is for everyone who reads the plan.
    "documents:document_list": EVERYONE,
    "documents:document_download": EVERYONE,
    # --- Loket, after the decision (aftercare): on a granted TLV of school A1 ---
    "loket:objection_list": {L},
    "loket:objection_create": {L},
    "loket:objection_detail": {L},
    "loket:objection_edit": {L},
    "loket:objection_extend": {L},  # GET: the confirmation step
    "loket:expiring_list": {B, L, Z},
    "loket:extension_start": {L, Z},  # GET: the confirmation step; the bestuurder only reads
    "loket:referral_list": {L, Z},
    "loket:referral_create": {L, Z},
    "loket:conversation_list": {B, L},
    "loket:conversation_for_decision": {B, L},
    "loket:conversation_for_referral": {B, L},
    # --- Loket, part "requests": on a request of school A1 waiting for the school's answer to
    # a question, assigned to the world's deskundige (see _loket_request_a).
    "loket:request_list": {B, L, D, Z},
    "loket:request_create": {L, Z},
    "loket:request_detail": {B, L, D, Z},
    "loket:request_edit": {L, Z},
    "loket:request_move": {L, Z},
    "loket:supplement_ask": {L},
    "loket:supplement_answer": {L, Z},
    "loket:request_log": {B},
    "loket:loket_settings": {B, L},
    # --- end of part "requests"
    # --- Loket, part advice: deskundigen (the Loket), assignment, a deskundige's own advice.
    "loket:deskundige_list": {L},
    "loket:deskundige_create": {L},
    "loket:deskundige_edit": {L},
    "loket:advice_assign": {L},
    "loket:advice_list": {D},
    "loket:advice_edit": {D},  # the world's deskundige's own advice
    "loket:advice_submit": {D},  # its confirmation step
    # --- Loket, part register: money, the TLV register, import and export of historic TLVs ---
    "loket:amount_list": {B, L},
    "loket:amount_edit": {B, L},
    "loket:cost_rule": {B, L},
    "loket:register": {B, L, Z},
    "loket:register_export": {B, L, Z},
    "loket:tlv_import": {B, L},
    "loket:tlv_export": {B, L},
    # --- end of part register ---
    # --- Jaarplan, part "exchange": on A's adopted jaarplan 2026-2027 (a concept is a 404 for
    # toezicht, inspectie and the deskundige); the import page explains why it cannot read in.
    "jaarplan:jaarplan_export": EVERYONE,
    "jaarplan:jaarplan_export_json": EVERYONE,
    "jaarplan:jaarplan_import": {B},
    # --- end of part "exchange"
    # --- Loket, part "dossier": a concept request at A1 with one document, assigned to the
    # world's deskundige (see _dossier_kwargs). Removing: only who may add, before submitting.
    "loket:dossier": {B, L, D, Z},
    "loket:document_download": {B, L, D, Z},
    "loket:document_delete": {L, Z},
    # --- Loket part ``decisions``: meetings (the Loket), a decision at school A1 on a request
    # assigned to the world's deskundige, its letter (not the deskundige, never toezicht).
    "loket:meeting_list": {L},
    "loket:meeting_create": {L},
    "loket:meeting_detail": {L},
    "loket:meeting_edit": {L},
    "loket:agenda_item_edit": {L},
    "loket:agenda_item_remove": {L},
    "loket:decision_create": {L},
    "loket:decision_detail": {B, L, D, Z},
    "loket:decision_correct": {L},
    "loket:decision_mark_sent": {L},
    "loket:decision_letter": {B, L, Z},
    # --- The jaarplan, part "calendar": every role reads the kwaliteitskalender and keeps its
    # own agenda address; the bestuurder writes (on an item of A with one ticked date).
    "jaarplan:calendar": EVERYONE,
    "jaarplan:calendar_item_create": {B},
    "jaarplan:calendar_item_edit": {B},
    "jaarplan:calendar_item_delete": {B},
    "jaarplan:occurrence_done": {B},
    "jaarplan:occurrence_undo": {B},
    "jaarplan:feed_manage": EVERYONE,
    "jaarplan:feed_revoke": EVERYONE,
    # --- end of part "calendar"
    # --- Jaarplan, part "status": on the jaarplan 2026-2027 of A (see _jaarplan_status_kwargs):
    # version 1.0 vastgesteld, with an activity of the zorgcoördinator; 1.1 a concept.
    "jaarplan:jaarplan_generate": {B},
    "jaarplan:jaarplan_status": {B},
    "jaarplan:jaarplan_new_version": {B},  # GET: the confirmation step (here: why not)
    "jaarplan:approval_create": {B},
    "jaarplan:approval_delete": {B},  # GET: the confirmation step
    "jaarplan:activity_progress": {B, Z},  # the zorgcoördinator's own activity
    "jaarplan:activity_evaluate": {B},
    "jaarplan:my_activities": EVERYONE,
    "jaarplan:jaarplan_settings": {B},
    # --- end of part "status"
}
# --- Jaarplan part "meetings": every role reads the bijeenkomsten, the bestuurder keeps them (on a
# series of A with one meeting, see _meeting_kwargs).
MATRIX.update(
    {
        "jaarplan:meeting_list": EVERYONE,
        "jaarplan:series_detail": EVERYONE,
        "jaarplan:series_create": {B},
        "jaarplan:series_edit": {B},
        "jaarplan:series_delete": {B},
        "jaarplan:meeting_create": {B},
        "jaarplan:meeting_edit": {B},
        "jaarplan:meeting_delete": {B},
    }
)
# --- end of part "meetings"
# Which URL parameters each pupil-record page takes.
RECORD_PARAMS = {"absence": "absence_id", "opp": "opp_id"}
# Without htmx, one part of the plan is shown in place: a redirect to its anchor on the plan.
REDIRECTS = {"plans:item_show"}
# Pages that only take a POST: a GET is 405 for those allowed, 403 for the others.
POST_ONLY = {
    "plans:item_move": {B},
    "monitoring:compute": {B},
    "documents:osp_create": {B},
    "documents:monitoring_create": {B},
    # The jaarplan's PDFs (issue 14, part "pdf")
    "documents:jaarplan_create": {B},
    "documents:jaarplan_evaluation_create": {B},
    # Loket part ``decisions``
    "loket:agenda_add": {L},
    "loket:agenda_item_move": {L},
    "loket:decision_letter_named": {B, L, Z},
    "jaarplan:digest_preference": EVERYONE,  # Jaarplan, part "status"
}

# --- The jaarplan, part "pages": reading on an adopted jaarplan (every role), writing on a
# concept (the bestuurder); see _jaarplan_page_kwargs.
JAARPLAN_READ_PAGES = {
    "jaarplan:jaarplan_list",
    "jaarplan:jaarplan_detail",
    "jaarplan:activity_show",
}
JAARPLAN_PAGES = {
    "jaarplan:jaarplan_list": EVERYONE,
    "jaarplan:jaarplan_detail": EVERYONE,
    "jaarplan:activity_show": EVERYONE,  # without htmx: a redirect to the row on the page
    "jaarplan:activity_create": {B},
    "jaarplan:activity_edit": {B},
    "jaarplan:activity_delete": {B},
    "jaarplan:improvement_create": {B},
    "jaarplan:improvement_edit": {B},
    "jaarplan:improvement_delete": {B},
}
MATRIX.update(JAARPLAN_PAGES)
REDIRECTS.add("jaarplan:activity_show")
POST_ONLY["jaarplan:activity_move"] = {B}
JAARPLAN_PAGES["jaarplan:activity_move"] = {B}
# --- end of the jaarplan, part "pages"
# The begroting and the vangnet (issue 15): each part's pages in finance/tests/crawl_<part>.py.
MATRIX.update(finance_crawl.MATRIX)
POST_ONLY.update(finance_crawl.POST_ONLY)
REDIRECTS |= finance_crawl.REDIRECTS
# The ouder- en jeugdsteunpunt (issue 16): each part's pages in steunpunt/tests/crawl_<part>.py.
MATRIX.update(steunpunt_crawl.MATRIX)
POST_ONLY.update(steunpunt_crawl.POST_ONLY)
REDIRECTS |= steunpunt_crawl.REDIRECTS


@pytest.fixture
def plans_a(world):
    """Tenant A's adopted plan 4.0 (the demo fixture) and a concept 4.1 copied from it."""
    from plans.demo import seed_plan
    from plans.services import plan_new_version

    with scope(tenant=world.tenant_a):
        adopted = seed_plan(world.tenant_a)
        concept = plan_new_version(plan=adopted)
    return adopted, concept


READ_ON_CONCEPT = {
    "plans:plan_edit",
    "plans:plan_status",
    "plans:plan_new_version",
    "plans:item_create",
    "plans:item_edit",
    "plans:item_delete",
    "plans:item_move",
}


def _plan_kwargs(page: str, plans) -> dict:
    if not page.startswith("plans:") or page in ("plans:plan_list", "plans:plan_create"):
        return {}
    adopted, concept = plans
    plan = concept if page in READ_ON_CONCEPT else adopted
    kwargs = {"plan_id": plan.pk}
    with scope(tenant=plan.tenant):
        from pillars.models import Pillar
        from plans.models import Chapter

        chapter = Chapter.objects.filter(plan=plan).first()
        if page in ("plans:chapter_read",):
            kwargs["item_id"] = chapter.pk
        elif page == "plans:pillar_read":
            kwargs["item_id"] = Pillar.objects.filter(plan=plan).first().pk
        elif page.startswith("plans:item_"):
            kwargs["kind"] = "hoofdstuk"
            if page != "plans:item_create":
                kwargs["item_id"] = chapter.pk
    return kwargs


@pytest.fixture
def records_a(world):
    """A thuiszitter registration and an OPP at school A1."""
    import datetime

    from referrals import services

    with scope(tenant=world.tenant_a):
        absence = services.absence_create(
            school=world.school_a1,
            data={
                "pupil_number": "A-1",
                "birth_year": 2011,
                "kind": "absoluut",
                "start_date": datetime.date(2026, 9, 1),
            },
        )
        opp = services.opp_create(
            school=world.school_a1,
            data={
                "pupil_number": "A-2",
                "birth_year": 2012,
                "placement_date": datetime.date(2026, 9, 1),
            },
        )
    return {"absence_id": absence.pk, "opp_id": opp.pk, "school_id": world.school_a1.pk}


def _record_kwargs(page: str, records) -> dict:
    """The id a pupil-record page needs: a registration, an OPP or a school (or none)."""
    if page == "referrals:conversation_create":
        return {"school_id": records["school_id"]}
    prefix = page.removeprefix("referrals:").split("_")[0]
    if (
        page.startswith("referrals:")
        and prefix in ("absence", "opp")
        and not page.endswith(("_list", "_create"))
    ):
        return {RECORD_PARAMS[prefix]: records[RECORD_PARAMS[prefix]]}
    return {}


@pytest.fixture
def document_a(world, plans_a, settings, tmp_path, monkeypatch):
    """The archived PDF of the adopted plan 4.0, from a stub builder (rendering is not tested)."""
    from swvportal.documents.services import document_issue
    from swvportal.documents.tests.stubs import use_stub_builders

    settings.MEDIA_ROOT = tmp_path / "media"
    use_stub_builders(monkeypatch)
    with scope(tenant=world.tenant_a):
        return document_issue(tenant=world.tenant_a, kind="osp", plan=plans_a[0])


def _kwargs(world, page: str, user, plans=None, records=None, document=None) -> dict:
    kwargs = {
        "tenant_code": world.tenant_a.code,
        **_plan_kwargs(page, plans),
        **(_record_kwargs(page, records) if records else {}),
    }
    if page == "documents:osp_create":
        kwargs["plan_id"] = plans[0].pk
    if page == "documents:document_download":
        kwargs["document_id"] = document.pk
    if page == "accounts:member_grants":
        kwargs["member_id"] = world.members[L].pk
    if page in ("tenancy:school_detail", "monitoring:school_report"):
        kwargs["school_id"] = world.school_a1.pk
    if page in ("monitoring:indicator_detail", "monitoring:indicator_edit"):
        kwargs["indicator_id"] = _indicator_a(world).pk
    kwargs.update(_aftercare_kwargs(world, page))
    # --- Loket, part "requests"
    if page in LOKET_REQUEST_PAGES:
        kwargs["tlv_id"] = _loket_request_a(world).pk
    # --- end of part "requests"
    kwargs.update(_advice_kwargs(world, page))  # Loket, part advice
    kwargs.update(_dossier_kwargs(world, page))
    kwargs.update(_calendar_kwargs(world, page))  # the jaarplan, part "calendar"
    kwargs.update(_exchange_kwargs(world, page))  # Jaarplan, part "exchange"
    kwargs.update(_jaarplan_page_kwargs(world, page))  # the jaarplan, part "pages"
    kwargs.update(_jaarplan_status_kwargs(world, page))  # Jaarplan, part "status"
    kwargs.update(_meeting_kwargs(world, page))  # Jaarplan part "meetings"
    kwargs.update(finance_crawl.kwargs(world, page))  # the begroting and the vangnet
    kwargs.update(steunpunt_crawl.kwargs(world, page))  # the ouder- en jeugdsteunpunt
    # --- The jaarplan's PDFs (issue 14, part "pdf")
    if page in ("documents:jaarplan_create", "documents:jaarplan_evaluation_create"):
        from plans.tests.jaarplan.builders import a_jaarplan

        kwargs["jaarplan_id"] = a_jaarplan(world.tenant_a, 2026).pk
    # --- end of part "pdf"
    if page == "jobs:job_detail":
        with scopes_disabled():
            kwargs["job_id"] = Job.objects.create(
                tenant=world.tenant_a, kind="x", created_by=user
            ).pk
    return kwargs


# --- The jaarplan, part "calendar" ----------------------------------------------------------------
def _calendar_kwargs(world, page: str) -> dict:
    """An item of A's kwaliteitskalender with one ticked date, for the pages that take them."""
    import datetime

    from plans.models import CalendarOccurrence
    from plans.tests.jaarplan.builders import a_calendar_item

    pages = ("calendar_item_edit", "calendar_item_delete", "occurrence_done", "occurrence_undo")
    if page not in {f"jaarplan:{name}" for name in pages}:
        return {}
    item = a_calendar_item(world.tenant_a)
    if page != "jaarplan:occurrence_undo":
        return {"calendar_item_id": item.pk}
    with scopes_disabled():
        done = CalendarOccurrence.objects.create(
            tenant=world.tenant_a,
            item=item,
            due_date=datetime.date(2026, 7, 1),
            done_on=datetime.date(2026, 6, 20),
        )
    return {"occurrence_id": done.pk}


# --- Jaarplan, part "exchange" ----------------------------------------------------------------
EXCHANGE_PAGES = {
    "jaarplan:jaarplan_export",
    "jaarplan:jaarplan_export_json",
    "jaarplan:jaarplan_import",
}


def _exchange_kwargs(world, page: str) -> dict:
    """A's jaarplan 2026-2027, adopted: every role may read it."""
    if page not in EXCHANGE_PAGES:
        return {}
    from plans.tests.jaarplan.builders import a_jaarplan, adopt, an_activity

    jaarplan = a_jaarplan(world.tenant_a)
    an_activity(jaarplan)
    return {"jaarplan_id": adopt(jaarplan).pk}


# --- The jaarplan, part "pages" ----------------------------------------------------------------


def _jaarplan_page_kwargs(world, page: str) -> dict:
    """A's jaarplan 2026-2027 with an activity: adopted for the read pages, a concept for the
    writing ones (an adopted one sends a writer back to the page)."""
    from plans.tests.jaarplan.builders import a_jaarplan, adopt, an_activity, first_improvement

    if page not in JAARPLAN_PAGES or page == "jaarplan:jaarplan_list":
        return {}
    jaarplan = a_jaarplan(world.tenant_a)
    activity = an_activity(jaarplan)
    if page in JAARPLAN_READ_PAGES:
        adopt(jaarplan)
    values = {
        "jaarplan_id": jaarplan.pk,
        "improvement_id": first_improvement(jaarplan).pk,
        "activity_id": activity.pk,
    }
    params = next(r.params for r in all_routes() if r.name == page)
    return {name: value for name, value in values.items() if name in params}


# --- Loket, after the decision (aftercare) -------------------------------------------------------
AFTERCARE_PARAMS = {
    "loket:objection_create": "decision_id",
    "loket:extension_start": "decision_id",
    "loket:conversation_for_decision": "decision_id",
    "loket:objection_detail": "objection_id",
    "loket:objection_edit": "objection_id",
    "loket:objection_extend": "objection_id",
    "loket:conversation_for_referral": "referral_id",
}


def _aftercare_kwargs(world, page: str) -> dict:
    """A granted cluster-4 TLV of school A1 with an objection, and an external referral of A1."""
    import datetime

    from referrals.models import ExternalReferral, Objection
    from referrals.tests.loket.builders import a_decision, a_request

    param = AFTERCARE_PARAMS.get(page)
    if param is None:
        return {}
    decision = a_decision(a_request(world.school_a1))
    with scopes_disabled():
        objection = Objection.objects.create(
            tenant=world.tenant_a, decision=decision, received_on=decision.sent_on
        )
        referral = ExternalReferral.objects.create(
            tenant=world.tenant_a,
            school=world.school_a1,
            pupil=decision.pupil,
            referred_on=datetime.date(2026, 10, 1),
            destination="Vso buiten de regio",
        )
    ids = {"decision_id": decision.pk, "objection_id": objection.pk, "referral_id": referral.pk}
    return {param: ids[param]}


# --- Loket, part "requests" ----------------------------------------------------------------------
LOKET_REQUEST_PAGES = {
    "loket:request_detail",
    "loket:request_edit",
    "loket:request_move",
    "loket:supplement_ask",
    "loket:supplement_answer",
    "loket:request_log",
}


def _loket_request_a(world):
    """A request of school A1 with an open question to the school, assigned to the world's
    deskundige: every request page opens on it for the roles that may use it."""
    from referrals.models import SupplementRequest
    from referrals.tests.loket.builders import a_request, an_advice, deskundige_of

    tlv = a_request(world.school_a1, status="aanvulling", reference="TLV-2026-0001")
    an_advice(tlv, deskundige_of(world))
    with scopes_disabled():
        SupplementRequest.objects.create(
            tenant=world.tenant_a, request=tlv, asked_on=tlv.submitted_on, question="Het OPP?"
        )
    return tlv


# --- end of part "requests" ----------------------------------------------------------------------
# --- Loket, part advice -------------------------------------------------------------------------


def _advice_kwargs(world, page: str) -> dict:
    """A request of school A1 with the world's deskundige as first deskundige (their own,
    unsubmitted advice), and that deskundige's profile."""
    from referrals.tests.loket.builders import a_request, an_advice, deskundige_of

    pages = ("deskundige_edit", "advice_assign", "advice_edit", "advice_submit")
    if page.removeprefix("loket:") not in pages or not page.startswith("loket:"):
        return {}
    deskundige = deskundige_of(world)
    if page == "loket:deskundige_edit":
        return {"deskundige_id": deskundige.pk}
    advice = an_advice(a_request(world.school_a1), deskundige, position=1)
    if page == "loket:advice_assign":
        return {"tlv_id": advice.request_id}
    return {"advice_id": advice.pk}


# --- Loket, part "dossier" -----------------------------------------------------------------------
DOSSIER_PAGES = {"loket:dossier", "loket:document_download", "loket:document_delete"}


def _dossier_kwargs(world, page: str) -> dict:
    """A concept request at A1 (assigned to the world's deskundige) with one PDF in its dossier."""
    if page not in DOSSIER_PAGES:
        return {}
    from referrals.services import loket_dossier
    from referrals.tests.loket import dossier_samples
    from referrals.tests.loket.builders import a_request, an_advice, deskundige_of

    tlv = a_request(world.school_a1, status="concept", submitted_on=None)
    an_advice(tlv, deskundige_of(world))
    with scope(tenant=world.tenant_a):
        document = loket_dossier.dossier_upload(
            tlv=tlv,
            kind="onderzoek",
            upload=dossier_samples.upload("onderzoek.pdf", dossier_samples.PDF),
            by=world.members[L],
        )
    kwargs = {"tlv_id": tlv.pk}
    if page != "loket:dossier":
        kwargs["dossier_document_id"] = document.pk
    return kwargs


def _indicator_a(world):
    from monitoring.models import Indicator

    with scopes_disabled():
        return Indicator.objects.create(
            tenant=world.tenant_a,
            pillar_number=1,
            text="Thuiszitters",
            norm_text="Dalende trend",
            norm_kind="trend",
            norm_direction="dalend",
            frequency="2x per jaar",
            source="berekend",
            calculation="thuiszitters",
            unit="aantal",
        )


# --- Loket part ``decisions``: the objects its pages take -----------------------------------------


@pytest.fixture
def decisions_a(world, monkeypatch, settings, tmp_path) -> dict:
    """A meeting of A with an agenda item, and a decision at A1 on a request assigned to the
    world's deskundige; the letter from a stub builder (rendering is not tested here)."""
    from referrals.models import AgendaItem, LoketMeeting
    from referrals.tests.loket.builders import a_decision, a_request, an_advice, deskundige_of
    from swvportal.documents.tests.stubs import StubSource, _pdf, use_builder

    settings.MEDIA_ROOT = tmp_path / "media"
    use_builder(
        monkeypatch,
        "tlv_letter",
        lambda *, tenant, decision: StubSource(f"brief-{decision.pk}.pdf", _pdf("brief"), []),
    )
    tlv = a_request(world.school_a1)
    an_advice(tlv, deskundige_of(world), position=1)
    decision = a_decision(tlv)
    with scopes_disabled():
        meeting = LoketMeeting.objects.create(tenant=world.tenant_a, held_on=decision.decided_on)
        item = AgendaItem.objects.create(tenant=world.tenant_a, meeting=meeting, request=tlv)
    return {
        "meeting_id": meeting.pk,
        "agenda_item_id": item.pk,
        "tlv_id": tlv.pk,
        "decision_id": decision.pk,
    }


def _decision_kwargs(request, page: str) -> dict:
    """The URL parameters of a ``decisions`` page: those its route takes."""
    from tests.urlcrawl import all_routes as routes

    if not page.startswith(("loket:meeting_", "loket:agenda_", "loket:decision_")):
        return {}
    params = next(r.params for r in routes() if r.name == page)
    objects = request.getfixturevalue("decisions_a")
    return {name: value for name, value in objects.items() if name in params}


def test_every_tenant_page_is_in_the_matrix():
    tenant_pages = {r.name for r in all_routes() if r.is_tenant_route}
    assert tenant_pages == set(MATRIX) | set(POST_ONLY), "add the new page to MATRIX (and README)"


@pytest.mark.parametrize("page", sorted(MATRIX))
@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_role_page_matrix(request, world, login, plans_a, records_a, page, role):
    user = world.user(role)
    document = request.getfixturevalue("document_a") if page.startswith("documents:") else None
    kwargs = _kwargs(world, page, user, plans_a, records_a, document)
    kwargs.update(_decision_kwargs(request, page))  # Loket part ``decisions``
    response = login(user).get(reverse(page, kwargs=kwargs))
    allowed = 302 if page in REDIRECTS else 200
    expected = allowed if role in MATRIX[page] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("page", sorted(POST_ONLY))
@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_post_only_pages(request, world, login, plans_a, page, role):
    user = world.user(role)
    kwargs = {**_kwargs(world, page, user, plans_a), **_decision_kwargs(request, page)}
    response = login(user).get(reverse(page, kwargs=kwargs))
    assert response.status_code == (405 if role in POST_ONLY[page] else 403)


@pytest.mark.parametrize("role", sorted(EVERYONE - {B}))
def test_only_the_bestuurder_sees_other_peoples_jobs(world, login, role):
    kwargs = _kwargs(world, "jobs:job_detail", world.user(B))
    assert login(world.user(role)).get(reverse("jobs:job_detail", kwargs=kwargs)).status_code == 404
    listing = login(world.user(role)).get(
        reverse("jobs:job_list", kwargs={"tenant_code": "VOA001"})
    )
    assert listing.context["table"].paginator.count == 0


def test_the_bestuurder_sees_every_job_of_the_tenant(world, login):
    kwargs = _kwargs(world, "jobs:job_detail", world.user(Z))
    assert login(world.user(B)).get(reverse("jobs:job_detail", kwargs=kwargs)).status_code == 200


class _SchoolThing:
    """A stand-in for a school-owned record (thuiszitter, OPP) for the per-school rule."""

    def __init__(self, tenant_id: int, school_id: int) -> None:
        self.tenant_id, self.school_id = tenant_id, school_id


def test_per_school_rules_bind_a_zorgcoordinator_to_their_schools(world, monkeypatch):
    from swvportal.accounts import permissions

    cap = permissions.Capability("test.view_pupils", "test", frozenset({B, Z}), per_school=True)
    monkeypatch.setitem(permissions.CAPABILITIES, cap.name, cap)
    permissions.RULES.add_rule(cap.name, permissions._rule_for(cap))
    try:
        zorg, bestuurder = world.members[Z], world.members[B]
        own = _SchoolThing(world.tenant_a.pk, world.school_a1.pk)
        other = _SchoolThing(world.tenant_a.pk, world.school_a2.pk)
        foreign = _SchoolThing(world.tenant_b.pk, world.school_b1.pk)
        with scopes_disabled():
            assert can(zorg, cap.name, own) and not can(zorg, cap.name, other)
            assert can(bestuurder, cap.name, other) and not can(bestuurder, cap.name, foreign)
            assert not can(world.members[T], cap.name)
    finally:
        permissions.RULES.remove_rule(cap.name)


README_CELL = {
    "ja": True,
    "nee": False,
    "eigen scholen": True,
    "eigen": True,
    "toegewezen": True,
    "toe te kennen": False,  # not the role's; the bestuurder may give it to one member
}


def _readme_matrix() -> dict[str, dict[str, bool]]:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Rollen en rechten", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in section.splitlines() if line.startswith("| Wat"))
    roles = [c.strip() for c in header.strip("|").split("|")[1:]]
    matrix = {}
    for line in section.splitlines():
        match = re.match(r"\|.*`([a-z_.]+)`.*?\|(.*)\|\s*$", line)
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            matrix[match.group(1)] = {
                role: README_CELL[cell] for role, cell in zip(roles, cells, strict=True)
            }
    return matrix


def test_the_readme_matrix_matches_the_code():
    in_code = {name: {r: r in c.roles for r in Role.values} for name, c in CAPABILITIES.items()}
    assert _readme_matrix() == in_code


def test_the_readme_says_which_capabilities_may_be_granted():
    """A "toe te kennen" cell exactly where the bestuurder may give the capability to a member
    of that role (itself, or the capability that implies it): a role that has not got it, never
    toezicht or inspectie."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Rollen en rechten", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in section.splitlines() if line.startswith("| Wat"))
    roles = [c.strip() for c in header.strip("|").split("|")[1:]]
    in_readme = {}
    for line in section.splitlines():
        match = re.match(r"\|.*`([a-z_.]+)`.*?\|(.*)\|\s*$", line)
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            in_readme[match.group(1)] = {
                r for r, cell in zip(roles, cells, strict=True) if cell == "toe te kennen"
            }
    in_code = {
        name: {
            r for r in Role.values if c.reachable_by_grant and r not in c.roles and r not in (T, I)
        }
        for name, c in CAPABILITIES.items()
    }
    assert in_readme == in_code


def _loket_objects(world) -> dict:
    """Requests at A1, A2 and B1, one of A1's assigned to the world's deskundige (with advice)."""
    from referrals.models import Advice, TlvRequest
    from referrals.tests.loket.builders import (
        a_decision,
        a_deskundige,
        a_request,
        an_advice,
        deskundige_of,
    )

    own = a_request(world.school_a1)
    a_request(world.school_a2)
    a_request(world.school_b1)
    an_advice(own, deskundige_of(world), position=1)
    an_advice(a_request(world.school_a1), a_deskundige(world.tenant_a), position=1)
    # Loket part ``decisions``: letters (document rows) of decisions at A1 and A2.
    from swvportal.documents.models import IssuedDocument

    for tlv in (own, a_request(world.school_a2)):
        IssuedDocument.objects.create(
            tenant=world.tenant_a,
            kind="tlv_letter",
            subject=a_decision(tlv),
            title="Besluitbrief",
            filename="brief.pdf",
            sha256="0" * 64,
            size=1,
            archived=True,
        )
    return {
        "referrals.view_tlv_requests": (TlvRequest.objects.all(), "school"),
        "referrals.write_advice": (Advice.objects.all(), "request__school"),
        "referrals.view_decision_letters": (IssuedDocument.objects.all(), "school"),
    }


def _jaarplan_objects(world) -> dict:
    """Activities of A's jaarplan, one per persona responsible and one without; one of B's."""
    from plans.models import Activity
    from plans.tests.jaarplan.builders import a_jaarplan, an_activity

    jaarplan = a_jaarplan(world.tenant_a)
    for persona in EVERYONE:
        an_activity(jaarplan, responsible=world.user(persona))
    an_activity(jaarplan)
    an_activity(a_jaarplan(world.tenant_b), responsible=world.user("outsider"))
    return {"plans.update_own_activities": (Activity.objects.all(), "school")}


def test_can_and_visible_agree_for_every_capability_role_and_object(world):
    """The list-side mirror gives exactly the objects the single-object rule allows."""
    from swvportal.accounts.permissions import visible
    from swvportal.tenancy.models import School

    with scopes_disabled():
        jobs = [
            Job.objects.create(tenant=tenant, kind="x", created_by=world.user(persona))
            for tenant, persona in [
                (world.tenant_a, B),
                (world.tenant_a, Z),
                (world.tenant_b, "outsider"),
            ]
        ]
        querysets = {
            "tenancy.view_schools": (School.objects.all(), "pk"),
            "jobs.view_job": (Job.objects.all(), "school"),
            **_loket_objects(world),
            **_jaarplan_objects(world),
        }
        for name in CAPABILITIES:
            qs, school_field = querysets.get(name, (School.objects.all(), "pk"))
            for persona in EVERYONE:
                membership = world.members[persona]
                shown = set(visible(qs, membership, name, school_field=school_field))
                for obj in qs:
                    assert (obj in shown) == can(membership, name, obj), (name, persona, obj)
    assert jobs


# --- Jaarplan, part "status" ----------------------------------------------------------------------

JAARPLAN_STATUS_PARAMS = {
    "jaarplan:jaarplan_status": ("concept",),
    "jaarplan:jaarplan_new_version": ("adopted",),
    "jaarplan:approval_create": ("concept",),
    "jaarplan:approval_delete": ("concept", "approval"),
    "jaarplan:activity_progress": ("activity",),
    "jaarplan:activity_evaluate": ("adopted", "activity"),
}


def _jaarplan_status_kwargs(world, page: str) -> dict:
    """Tenant A's jaarplan 2026-2027: 1.0 vastgesteld with an activity of the zorgcoördinator
    (who may read it, as may toezicht: so a role without the right gets a 403, not a 404), and
    1.1 a concept with a step in its approval trail."""
    import datetime

    from plans.jaarplan import services
    from plans.models import JaarplanApproval
    from plans.tests.jaarplan.builders import a_jaarplan, adopt, an_activity

    wanted = JAARPLAN_STATUS_PARAMS.get(page)
    if wanted is None:
        return {}
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan, responsible=world.user(Z))
    adopted = adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        concept = services.jaarplan_new_version(jaarplan=adopted)
        step = JaarplanApproval.objects.create(
            tenant=world.tenant_a,
            jaarplan=concept,
            body="rvt",
            kind="goedkeuring",
            date=datetime.date(2026, 9, 15),
            outcome="positief",
        )
    ids = {
        "concept": ("jaarplan_id", concept.pk),
        "adopted": ("jaarplan_id", adopted.pk),
        "approval": ("approval_id", step.pk),
        "activity": ("activity_id", activity.pk),
    }
    return dict(ids[name] for name in wanted)


# --- end of part "status" -------------------------------------------------------------------------
# --- Jaarplan part "meetings" -------------------------------------------------------------------


def _meeting_kwargs(world, page: str) -> dict:
    """A series of A with one meeting: the ids a bijeenkomsten page takes (only those)."""
    from plans.tests.jaarplan.builders import a_meeting, a_series

    params = {
        "jaarplan:series_detail": "series_id",
        "jaarplan:series_edit": "series_id",
        "jaarplan:series_delete": "series_id",
        "jaarplan:meeting_create": "series_id",
        "jaarplan:meeting_edit": "bijeenkomst_id",
        "jaarplan:meeting_delete": "bijeenkomst_id",
    }
    if page not in params:
        return {}
    series = a_series(world.tenant_a)
    meeting = a_meeting(series)
    return {params[page]: series.pk if params[page] == "series_id" else meeting.pk}
