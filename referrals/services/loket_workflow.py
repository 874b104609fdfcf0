"""The status of a TLV request: one workflow that the pages and the services both read.

concept → ingediend → in behandeling ⇄ aanvulling gevraagd → besluit → afgerond, and ingetrokken
from any open status. Submitting needs a complete dossier; deciding needs two independent,
submitted deskundigenadviezen. The reasons come from ``loket_rules``; this module loads what
they read (the tenant's settings, the dossier's documents, the advices) for one request.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from swvportal.core.workflow import Workflow
from swvportal.tenancy.models import Tenant

from ..models.loket import Advice, LoketSettings, RequestStatus, TlvRequest
from . import loket_rules as rules

S = RequestStatus


def loket_settings(tenant: Tenant) -> LoketSettings:
    """The tenant's Loket settings, created with the defaults on first use."""
    found, _ = LoketSettings.objects.get_or_create(tenant=tenant)
    return found


def settings_of(request: TlvRequest) -> LoketSettings:
    """Cached on the request, so one page asks once."""
    cached = getattr(request, "_loket_settings", None)
    if cached is None:
        cached = request._loket_settings = loket_settings(request.tenant)
    return cached


def document_kinds(request: TlvRequest) -> set[str]:
    return set(request.documents.values_list("kind", flat=True))


def pauses(request: TlvRequest) -> list[rules.Pause]:
    return [rules.Pause(s.asked_on, s.answered_on) for s in request.supplements.all()]


def assigned(advices: list[Advice]) -> list[rules.Assigned]:
    """The advices as the independence check reads them (deskundige and schools prefetched
    by the caller for lists)."""
    return [
        rules.Assigned(
            position=a.position,
            expert=a.deskundige,
            school_ids=frozenset(s.pk for s in a.deskundige.schools.all()),
            declared_no_involvement=a.no_involvement_declared_on is not None,
            personal=a.personal,
            submitted=a.is_submitted,
        )
        for a in advices
    ]


def _advices(request: TlvRequest) -> list[Advice]:
    # A list page prefetches them (``advices_for_check()``): then no query per request.
    if "advices" in getattr(request, "_prefetched_objects_cache", {}):
        return list(request.advices.all())
    return list(
        request.advices.select_related("deskundige__membership__user").prefetch_related(
            "deskundige__schools"
        )
    )


def advices_for_check() -> Prefetch:
    """The prefetch a list of requests needs for ``decision_problems`` without a query per row."""
    return Prefetch(
        "advices",
        queryset=Advice.objects.select_related("deskundige__membership__user").prefetch_related(
            "deskundige__schools"
        ),
    )


def with_settings(requests: list[TlvRequest], tenant: Tenant) -> list[TlvRequest]:
    """Give every request of a list the tenant's settings, read once (``settings_of``)."""
    found = loket_settings(tenant)
    for one in requests:
        one._loket_settings = found
    return requests


def submit_problems(request: TlvRequest) -> list[str]:
    return rules.dossier_missing(request, document_kinds(request), settings_of(request))


def resubmit_problems(request: TlvRequest) -> list[str]:
    """Back to the Loket after a question: the question answered, the dossier complete."""
    problems = []
    if request.supplements.filter(answered_on__isnull=True).exists():
        problems.append("Beantwoord eerst de vraag om aanvulling van het Loket.")
    return problems + submit_problems(request)


def decision_problems(request: TlvRequest) -> list[str]:
    return rules.independence_problems(
        assigned(_advices(request)),
        requesting_school_id=request.school_id,
        settings=settings_of(request),
        for_decision=True,
    )


def handling_deadline(request: TlvRequest, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return rules.handling_deadline(
        request.submitted_on,
        pauses(request),
        weeks=settings_of(request).handling_weeks,
        today=request.decided_on or today,
    )


REQUEST_WORKFLOW = Workflow(
    states=RequestStatus,
    noun="de aanvraag",
    invalid="Kies een geldige stap voor de aanvraag.",
    transitions={
        S.CONCEPT: (S.SUBMITTED, S.WITHDRAWN),
        S.SUBMITTED: (S.IN_REVIEW, S.SUPPLEMENT, S.WITHDRAWN),
        S.IN_REVIEW: (S.SUPPLEMENT, S.DECIDED, S.WITHDRAWN),
        S.SUPPLEMENT: (S.IN_REVIEW, S.WITHDRAWN),
        S.DECIDED: (S.CLOSED,),
        S.CLOSED: (),
        S.WITHDRAWN: (),
    },
    guards={
        S.SUBMITTED: (submit_problems,),
        S.IN_REVIEW: (lambda r: resubmit_problems(r) if r.status == S.SUPPLEMENT else [],),
        S.DECIDED: (decision_problems,),
    },
    stamps={
        S.SUBMITTED: "submitted_on",
        S.DECIDED: "decided_on",
        S.CLOSED: "closed_on",
        S.WITHDRAWN: "withdrawn_on",
    },
)
