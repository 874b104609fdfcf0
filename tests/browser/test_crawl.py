"""The crawl: every page of the portal, per role, in a real browser, through the gate checks.

Driven by the URL resolver (``tests/urlcrawl.py``) and by the links on the pages, so a new page
joins by itself: the crawl first follows the links from the home page as a user would, then
visits every URL pattern it has not seen yet with the demo tenant's objects. A URL pattern with
a parameter the crawl has no value for fails the test (add its value to ``crawl_values``), and
so does a page that no role may open (list it in ``POST_ONLY`` if only its form posts to it).

Each page (see ``support.page_problems``): status 2xx, no console errors, one h1, a Dutch title,
0 axe-core violations (WCAG 2.1 A and AA), no sideways scrolling at 320 px; on a list page the
first filter is changed and htmx must swap the results in without an error.
"""

from __future__ import annotations

import datetime
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page

from finance.tests import crawl as finance_crawl
from monitoring.models import Indicator
from plans.models import ApprovalStep, Plan
from plans.outline import KINDS
from plans.services import item_create, plan_new_version
from referrals.models import AbsenceRegistration, OppRegistration
from steunpunt.tests import crawl as steunpunt_crawl
from swvportal.accounts.models import Membership, Role
from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import document_start
from swvportal.documents.tests.stubs import use_stub_builders
from swvportal.jobs.models import Job
from tests.browser.support import exercise_filters, new_page, page_problems
from tests.urlcrawl import Route, all_routes

pytestmark = pytest.mark.browser

ROLES = [
    Role.BESTUURDER,
    Role.LOKET,
    Role.DESKUNDIGE,
    Role.ZORGCOORDINATOR,
    Role.TOEZICHT,
    Role.INSPECTIE,
]
# Answer only POST: their buttons are on the pages crawled, the journeys press them.
POST_ONLY = {
    # Loket part ``decisions``
    "loket:agenda_add",
    "loket:agenda_item_move",
    "loket:decision_letter_named",
    "documents:monitoring_create",
    "documents:osp_create",
    # The jaarplan's PDFs (issue 14, part "pdf"): "PDF maken" on the jaarplan's page
    "documents:jaarplan_create",
    "documents:jaarplan_evaluation_create",
    "monitoring:compute",
    "plans:item_move",
    # The jaarplan, part "pages"
    "jaarplan:activity_move",
    "jaarplan:digest_preference",  # Jaarplan, part "status"
    # The begroting and the vangnet (finance/tests/crawl_<part>.py)
    *finance_crawl.BROWSER_POST_ONLY,
    # The ouder- en jeugdsteunpunt (steunpunt/tests/crawl_<part>.py)
    *steunpunt_crawl.BROWSER_POST_ONLY,
}
# Django's admin is for platform administrators, not for a role of a samenwerkingsverband; who
# may enter it is tested in tests/test_admin.py.
NOT_CRAWLED_PREFIX = "admin:"
# Routes with an ``item_id`` but no ``kind``: the kind of plan part they show.
ITEM_KIND_OF_ROUTE = {"plans:chapter_read": "hoofdstuk", "plans:pillar_read": "pijler"}
NOT_FOR_ROLE = (403, 404)
OPR_ADVICE = {
    "body": "opr",
    "kind": "advies",
    "date": datetime.date(2026, 1, 12),
    "outcome": "positief",
}


def crawl_values(demo, monkeypatch) -> dict:
    """The demo tenant's value for every URL parameter; each visible to the zorgcoördinator too
    (except the objection: objections are the Loket's alone)."""
    zorg = demo.users[Role.ZORGCOORDINATOR]
    with scopes_disabled():
        school = zorg.memberships.get().schools.order_by("pk").first()
        adopted = Plan.objects.get(tenant=demo.tenant)
        # A concept version: the edit forms of the crawl open on a plan that can still change.
        concept = plan_new_version(plan=adopted)
        if not ApprovalStep.objects.filter(plan=concept).exists():  # a version's own trail
            item_create(plan=concept, kind="goedkeuring", data=OPR_ADVICE)
        use_stub_builders(monkeypatch)  # the crawl needs a PDF, not seconds of rendering
        document_start(tenant=demo.tenant, kind="osp", plan=concept)
        parts = {
            slug: kind.model.objects.filter(plan=concept).order_by("pk").first().pk
            for slug, kind in KINDS.items()
        }
        return {
            **loket_values(demo, school, monkeypatch),
            **jaarplan_values(demo),
            **finance_crawl.browser_values(demo),
            **steunpunt_crawl.browser_values(demo),
            # A member's extra capabilities: the demo's consulent (the Loket member).
            "member_id": Membership.objects.get(tenant=demo.tenant, user=demo.users[Role.LOKET]).pk,
            "tenant_code": demo.tenant.code,
            "plan_id": concept.pk,
            "school_id": school.pk,
            "absence_id": AbsenceRegistration.objects.filter(school=school).first().pk,
            "opp_id": OppRegistration.objects.filter(school=school).first().pk,
            "indicator_id": Indicator.objects.filter(tenant=demo.tenant).order_by("pk")[0].pk,
            "job_id": Job.objects.get(tenant=demo.tenant).pk,
            "document_id": IssuedDocument.objects.get(tenant=demo.tenant).pk,
            "kind": list(parts),
            "item_id": parts,
            # allauth's pages with a key or token: the crawl sees the "link no longer valid" page.
            "key": "verlopen",
            "uidb36": "x",
            "token": "x-x",
        }


# --- The Loket (issue 13): one coherent set from the demo (referrals/demo_loket.py) -------------
def loket_values(demo, school, monkeypatch) -> dict:
    """The Loket's pages open on the demo's own rows, so each opens for every role that may use
    it. At the zorgcoördinator's school (Lindenhof College): the request with the Loket's open
    question, assigned to the demo deskundige (whose advice is still a draft), and the document
    the school added for that question (so it may still be removed); a granted TLV with its
    letter (from a stub builder: the crawl needs a PDF, not seconds of rendering); the school's
    external referral. The coming meeting and its first agenda item, the running objection
    (the Loket's alone, at another school)."""
    from referrals.models import (
        Advice,
        AgendaItem,
        Deskundige,
        ExternalReferral,
        LoketMeeting,
        Objection,
        RequestStatus,
        TlvDecision,
    )
    from swvportal.documents.tests.stubs import StubSource, _pdf, use_builder

    use_builder(
        monkeypatch,
        "tlv_letter",
        lambda *, tenant, decision: StubSource(f"brief-{decision.pk}.pdf", _pdf("brief"), []),
    )
    membership = demo.users[Role.DESKUNDIGE].memberships.get(tenant=demo.tenant)
    deskundige = Deskundige.objects.get(membership=membership)
    advice = Advice.objects.select_related("request").get(
        deskundige=deskundige,
        request__school=school,
        request__status=RequestStatus.SUPPLEMENT,
        submitted_at__isnull=True,
    )
    tlv = advice.request
    document = tlv.documents.get(supplement__isnull=False, supplement__answered_on=None)
    decision = TlvDecision.objects.filter(school=school, outcome="toegekend").latest("decided_on")
    meeting = LoketMeeting.objects.filter(
        tenant=demo.tenant, held_on__gte=timezone.localdate()
    ).earliest("held_on")
    return {
        "tlv_id": tlv.pk,
        "dossier_document_id": document.pk,
        "deskundige_id": deskundige.pk,
        "advice_id": advice.pk,
        "meeting_id": meeting.pk,
        "agenda_item_id": AgendaItem.objects.filter(meeting=meeting).order_by("order")[0].pk,
        "decision_id": decision.pk,
        "objection_id": Objection.objects.filter(tenant=demo.tenant, decided_on__isnull=True)
        .get()
        .pk,
        "referral_id": ExternalReferral.objects.filter(school=school).latest("referred_on").pk,
    }


# --- end of the Loket -----------------------------------------------------------------------------


# --- The jaarplan (issue 14): the demo's own concept (plans/jaarplan/demo*.py) ------------------
def jaarplan_values(demo) -> dict:
    """The jaarplan's pages open on the demo's jaarplan 2026-2027, a concept (so its edit pages
    open), at the activity the demo zorgcoördinator is responsible for (their progress page), with
    an approval step added for its delete page, a ticked date of the kwaliteitskalender (its undo
    page), and the zorgcoördinator's own calendar address, made through the service (the .ics
    answers them and anyone without a session; another member's session gets a 404)."""
    from plans.jaarplan.calendar_services import feed_create
    from plans.jaarplan.demo import DEMO_YEAR
    from plans.jaarplan.generate import current_jaarplan
    from plans.jaarplan.services import approval_add
    from plans.models import (
        Activity,
        CalendarItem,
        CalendarOccurrence,
        JaarplanApproval,
        Meeting,
        MeetingSeries,
    )

    zorg = demo.users[Role.ZORGCOORDINATOR]
    jaarplan = current_jaarplan(tenant=demo.tenant, school_year=DEMO_YEAR)
    assert jaarplan.is_editable, "the demo's jaarplan 2026-2027 is a concept"
    activity = Activity.objects.filter(jaarplan=jaarplan, responsible=zorg).order_by("pk")[0]
    approval = JaarplanApproval.objects.filter(jaarplan=jaarplan).first() or approval_add(
        jaarplan=jaarplan, data={**OPR_ADVICE, "date": datetime.date(2026, 9, 21)}
    )
    occurrence = CalendarOccurrence.objects.filter(tenant=demo.tenant).order_by("pk")[0]
    _feed, token = feed_create(tenant=demo.tenant, user=zorg)
    return {
        "jaarplan_id": jaarplan.pk,
        "improvement_id": activity.improvement_id,
        "activity_id": activity.pk,
        "approval_id": approval.pk,
        "calendar_item_id": CalendarItem.objects.filter(tenant=demo.tenant).order_by("pk")[0].pk,
        "occurrence_id": occurrence.pk,
        "series_id": MeetingSeries.objects.filter(tenant=demo.tenant).order_by("pk")[0].pk,
        "bijeenkomst_id": Meeting.objects.filter(tenant=demo.tenant).order_by("pk")[0].pk,
        "feed_token": token,
    }


# --- end of the jaarplan --------------------------------------------------------------------------
def crawled_routes() -> list[Route]:
    return [r for r in all_routes() if not r.name.startswith(NOT_CRAWLED_PREFIX)]


def route_urls(route: Route, values: dict) -> list[str]:
    """The URLs of ``route`` with the demo's values: one per kind of plan part where it has one."""
    unknown = set(route.params) - set(values)
    assert not unknown, f"{route.name}: add the demo's value for {unknown} to crawl_values()"
    kwargs = {p: values[p] for p in route.params if p not in ("kind", "item_id")}
    if "kind" in route.params:
        kinds = values["kind"]
    elif "item_id" in route.params:
        assert route.name in ITEM_KIND_OF_ROUTE, f"{route.name}: add it to ITEM_KIND_OF_ROUTE"
        kinds = [ITEM_KIND_OF_ROUTE[route.name]]
    else:
        return [reverse(route.name, kwargs=kwargs)]
    urls = []
    for kind in kinds:
        extra = {"kind": kind} if "kind" in route.params else {}
        if "item_id" in route.params:
            extra["item_id"] = values["item_id"][kind]
        urls.append(reverse(route.name, kwargs={**kwargs, **extra}))
    return urls


def page_key(path: str) -> tuple | None:
    """A page as the crawl counts it: its URL pattern, and the kind of plan part if it has one."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return (match.view_name, match.kwargs.get("kind"))


@dataclass
class Crawl:
    """One role's walk through the portal."""

    page: Page
    recorder: object
    base: str
    seen: set = field(default_factory=set)  # page keys asked for
    checked: set = field(default_factory=set)  # page keys whose page went through the checks
    outcome: dict = field(default_factory=dict)  # route name -> "page", "download", 403, …
    problems: list[str] = field(default_factory=list)

    def visit(self, url: str) -> list[str]:
        """Ask for ``url`` as this role; check it when it is a page. Returns its links."""
        key = page_key(urlsplit(url).path)
        if key is None:
            self.problems.append(f"{url}: a link to a page that does not exist")
            return []
        if key in self.seen or key[0].startswith(NOT_CRAWLED_PREFIX):
            return []
        self.seen.add(key)
        answer = self.page.context.request.get(self.base + url)
        name, status = key[0], answer.status
        if status in NOT_FOR_ROLE or (status == 405 and name in POST_ONLY):
            self.outcome.setdefault(name, status)
            return []
        if not 200 <= status < 300:
            self.outcome[name] = status
            self.problems.append(f"{url}: HTTP {status} to GET")
            return []
        if not answer.headers.get("content-type", "").startswith("text/html"):
            self.outcome[name] = "download"
            return []
        self.outcome[name] = "page"
        final = page_key(urlsplit(answer.url).path)
        if final in self.checked:
            return []  # a redirect to a page already checked, with its links
        self.checked.add(final)
        return self.check_page(url)

    def check_page(self, url: str) -> list[str]:
        response = self.page.goto(self.base + url)
        links = self.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        found = page_problems(self.page, self.recorder, response.status if response else None)
        found += exercise_filters(self.page, self.recorder)
        self.problems += [f"{url}: {p}" for p in found]
        return links

    def run(self, start: str, route_urls: list[str]) -> None:
        """Breadth first from ``start`` along the links, then every URL pattern not yet seen."""
        queue = deque([start])
        while queue:
            for link in self.visit(queue.popleft()):
                parts = urlsplit(link)
                if parts.netloc == urlsplit(self.base).netloc:
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for url in route_urls:
            self.visit(url)


@pytest.fixture
def crawl_urls(demo, monkeypatch, eager_tasks) -> list[str]:
    values = crawl_values(demo, monkeypatch)
    return [url for route in crawled_routes() for url in route_urls(route, values)]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_may_see_passes_the_checks(role, demo, as_role, live_server, crawl_urls):
    page, recorder = as_role(role)
    crawl = Crawl(page, recorder, live_server.url)
    crawl.run(f"/{demo.tenant.code}/", crawl_urls)
    pages = [name for name, outcome in crawl.outcome.items() if outcome == "page"]
    assert not crawl.problems, f"{role}: {len(crawl.problems)} problems\n" + "\n".join(
        crawl.problems
    )
    # A role that reached fewer pages than its home page lists lost its way.
    assert len(pages) >= 5, (role, crawl.outcome)
    missing = {r.name for r in crawled_routes()} - set(crawl.outcome)
    assert not missing, f"{role}: URL patterns not asked for: {sorted(missing)}"


def test_the_pages_before_logging_in_pass_the_checks(demo, live_server, new_context, crawl_urls):
    page, recorder = new_page(new_context())
    crawl = Crawl(page, recorder, live_server.url)
    outside = [u for u in crawl_urls if "tenant_code" not in resolve(u).kwargs]
    crawl.run("/accounts/login/", outside)
    assert not crawl.problems, "\n".join(crawl.problems)
    assert crawl.outcome.get("account_login") == "page"


def test_every_url_pattern_opens_for_some_role(demo, monkeypatch, eager_tasks):
    """A page no role may open is a page the crawl never checks: name it or give it a value."""
    values = crawl_values(demo, monkeypatch)
    client = Client()
    opened: set[str] = set()
    for user in demo.users.values():
        client.force_login(user)
        for route in crawled_routes():
            if route.name in opened:
                continue
            answers = (client.get(u, follow=True) for u in route_urls(route, values))
            if any(a.status_code == 200 for a in answers):
                opened.add(route.name)
    closed = {r.name for r in crawled_routes()} - opened - POST_ONLY
    assert not closed, f"no role may open {sorted(closed)}: give a value or list it in POST_ONLY"
