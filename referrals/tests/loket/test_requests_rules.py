"""The request's rules, table by table: every status step allowed and refused (with its
message), the complete-dossier checklist per kind and tenant setting, the handling term with
its pauses (the rule and the worklist's SQL agree), the PrO/LWOO criteria at their bounds."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from referrals.models import DocumentKind, RequestStatus, SupplementRequest, TlvKind
from referrals.selectors.loket_requests import with_deadline
from referrals.services import loket_requests as svc
from referrals.services import loket_rules as rules
from referrals.services import loket_workflow as workflow

from .builders import D0, a_request, settings_for

S = RequestStatus
NOT_FROM = "Van '{}' kan de aanvraag niet naar '{}'."


@pytest.fixture
def loose(world):
    """Tenant A with a dossier that needs nothing beyond the request's own fields."""
    return settings_for(world.tenant_a, opp_required_for_vso=False, required_documents={})


# --- Status steps -------------------------------------------------------------------------------

ALLOWED = [
    (S.CONCEPT, S.SUBMITTED),
    (S.CONCEPT, S.WITHDRAWN),
    (S.SUBMITTED, S.IN_REVIEW),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.SUPPLEMENT, S.WITHDRAWN),
    (S.DECIDED, S.CLOSED),
]
REFUSED = [
    (S.CONCEPT, S.IN_REVIEW, NOT_FROM.format("Concept", "In behandeling")),
    (S.CONCEPT, S.DECIDED, NOT_FROM.format("Concept", "Besluit genomen")),
    (S.CONCEPT, S.CLOSED, NOT_FROM.format("Concept", "Afgerond")),
    (S.SUBMITTED, S.CLOSED, NOT_FROM.format("Ingediend", "Afgerond")),
    (S.SUBMITTED, S.DECIDED, NOT_FROM.format("Ingediend", "Besluit genomen")),
    (S.IN_REVIEW, S.SUBMITTED, NOT_FROM.format("In behandeling", "Ingediend")),
    (S.IN_REVIEW, S.DECIDED, "Regel 'twee adviezen': er is nog geen eerste deskundige."),
    (S.SUPPLEMENT, S.IN_REVIEW, "Beantwoord eerst de vraag om aanvulling van het Loket."),
    (S.DECIDED, S.WITHDRAWN, NOT_FROM.format("Besluit genomen", "Ingetrokken")),
    (S.CLOSED, S.SUBMITTED, NOT_FROM.format("Afgerond", "Ingediend")),
    (S.WITHDRAWN, S.SUBMITTED, NOT_FROM.format("Ingetrokken", "Ingediend")),
    (S.SUBMITTED, S.SUPPLEMENT, "Vraag een aanvulling aan de school met een vraag erbij."),
    (S.SUBMITTED, "onzin", "Kies een geldige stap voor de aanvraag."),
]


def _at(world, status):
    tlv = a_request(
        world.school_a1, status=status, submitted_on=None if status == S.CONCEPT else D0
    )
    if status == S.SUPPLEMENT:
        with scopes_disabled():
            SupplementRequest.objects.create(
                tenant=world.tenant_a, request=tlv, asked_on=D0, question="Stuur het OPP."
            )
    return tlv


@pytest.mark.parametrize(("start", "target"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_an_allowed_step_moves_the_request(world, loose, start, target):
    tlv = _at(world, start)
    with scope(tenant=world.tenant_a):
        moved = svc.tlv_request_move(tlv=tlv, target=target, on=D0)
    assert moved.status == target
    assert moved.revision == tlv.revision + 1


@pytest.mark.parametrize(
    ("start", "target", "message"), REFUSED, ids=[f"{a}->{b}" for a, b, _ in REFUSED]
)
def test_a_refused_step_says_why_and_changes_nothing(world, loose, start, target, message):
    tlv = _at(world, start)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        svc.tlv_request_move(tlv=tlv, target=target, on=D0)
    assert message in refused.value.messages
    tlv.refresh_from_db()
    assert tlv.status == start


def test_submitting_gives_the_next_reference_of_that_year(world, loose):
    with scope(tenant=world.tenant_a):
        first, second = (_at(world, S.CONCEPT) for _ in range(2))
        a_request(world.school_a1, reference="TLV-2026-0041")
        a_request(world.school_a1, reference="TLV-2025-0090")
        moved = [svc.tlv_request_move(tlv=t, target=S.SUBMITTED, on=D0) for t in (first, second)]
        next_year = svc.tlv_request_move(
            tlv=_at(world, S.CONCEPT), target=S.SUBMITTED, on=datetime.date(2027, 1, 4)
        )
    assert [m.reference for m in moved] == ["TLV-2026-0042", "TLV-2026-0043"]
    assert next_year.reference == "TLV-2027-0001"
    assert moved[0].submitted_on == D0


def test_references_are_per_tenant(world, loose):
    settings_for(world.tenant_b, opp_required_for_vso=False, required_documents={})
    a_request(world.school_a1, reference="TLV-2026-0005")
    tlv_b = a_request(world.school_b1, status=S.CONCEPT, submitted_on=None)
    with scope(tenant=world.tenant_b):
        assert svc.tlv_request_move(tlv=tlv_b, target=S.SUBMITTED, on=D0).reference == (
            "TLV-2026-0001"
        )


def test_the_first_review_and_a_withdrawal_are_stamped(world, loose):
    later = D0 + datetime.timedelta(days=9)
    with scope(tenant=world.tenant_a):
        reviewed = svc.tlv_request_move(tlv=_at(world, S.SUBMITTED), target=S.IN_REVIEW, on=D0)
        withdrawn = svc.tlv_request_move(tlv=reviewed, target=S.WITHDRAWN, on=later)
    assert reviewed.review_started_on == D0
    assert (withdrawn.withdrawn_on, withdrawn.retention_from_date) == (later, later)


# --- The complete dossier -----------------------------------------------------------------------

VSO_DEFAULTS = {"vso": [DocumentKind.OPP, DocumentKind.PARENTS_VIEW]}
CHECKLIST_CASES = [
    # (id, kind, settings, fields of the request, documents, what is missing)
    ("vso-complete-with-opp-document", TlvKind.VSO, {}, {}, [DocumentKind.OPP], []),
    ("vso-needs-opp", TlvKind.VSO, {}, {}, [], ["opp (gekoppeld of als stuk)"]),
    (
        "vso-opp-not-required",
        TlvKind.VSO,
        {"opp_required_for_vso": False, "required_documents": {}},
        {},
        [],
        [],
    ),
    (
        "vso-opp-required-by-the-list",
        TlvKind.VSO,
        {"opp_required_for_vso": False, "required_documents": VSO_DEFAULTS},
        {},
        [],
        ["opp (gekoppeld of als stuk)"],
    ),
    (
        "vso-research-required",
        TlvKind.VSO,
        {"required_documents": {"vso": [DocumentKind.RESEARCH]}},
        {},
        [DocumentKind.OPP],
        ["stuk: onderzoeksverslag (iq, dle)"],
    ),
    (
        "vso-needs-category",
        TlvKind.VSO,
        {},
        {"requested_category": ""},
        [DocumentKind.OPP],
        ["cluster en gevraagde categorie"],
    ),
    (
        "vso-needs-receiving-school",
        TlvKind.VSO,
        {},
        {"receiving_school_name": ""},
        [DocumentKind.OPP],
        ["beoogde school"],
    ),
    (
        "vso-needs-start",
        TlvKind.VSO,
        {},
        {"requested_start": None},
        [DocumentKind.OPP],
        ["gewenste ingangsdatum"],
    ),
    (
        "vso-needs-picture",
        TlvKind.VSO,
        {},
        {"integrated_picture": " "},
        [DocumentKind.OPP],
        ["integratief beeld"],
    ),
    (
        "vso-needs-steps",
        TlvKind.VSO,
        {},
        {"steps_taken": ""},
        [DocumentKind.OPP],
        ["wat de school al heeft gedaan"],
    ),
    (
        "vso-parents-view-as-document",
        TlvKind.VSO,
        {},
        {"parents_view": ""},
        [DocumentKind.OPP, DocumentKind.PARENTS_VIEW],
        [],
    ),
    (
        "vso-needs-parents-view",
        TlvKind.VSO,
        {},
        {"parents_view": ""},
        [DocumentKind.OPP],
        ["zienswijze van de ouders (tekst of stuk)"],
    ),
    (
        "vso-needs-consent-by-whom",
        TlvKind.VSO,
        {},
        {"parents_consent_by": ""},
        [DocumentKind.OPP],
        ["toestemming van de ouders (datum en door wie)"],
    ),
    (
        "pro-needs-test-data-and-research",
        TlvKind.PRO,
        {},
        {"cluster": None, "requested_category": ""},
        [],
        [
            "testgegevens: totaal-iq met test en datum",
            "testgegevens: dle op alle vier de domeinen",
            "stuk: onderzoeksverslag (iq, dle)",
        ],
    ),
    (
        "pro-complete",
        TlvKind.PRO,
        {},
        {
            "cluster": None,
            "requested_category": "",
            **{
                "iq_total": 70,
                "iq_test": "WISC-V",
                "iq_tested_on": D0,
                "dle_technical_reading": 20,
                "dle_reading_comprehension": 20,
                "dle_spelling": 20,
                "dle_maths": 20,
            },
        },
        [DocumentKind.RESEARCH],
        [],
    ),
    (
        "lwoo-needs-one-dle",
        TlvKind.LWOO,
        {"required_documents": {}},
        {
            "cluster": None,
            "requested_category": "",
            "iq_total": 90,
            "iq_test": "WISC-V",
            "iq_tested_on": D0,
            "dle_technical_reading": 35,
            "dle_reading_comprehension": 35,
            "dle_spelling": 35,
        },
        [],
        ["testgegevens: dle op alle vier de domeinen"],
    ),
]


@pytest.mark.parametrize(
    ("kind", "changes", "fields", "documents", "missing"),
    [c[1:] for c in CHECKLIST_CASES],
    ids=[c[0] for c in CHECKLIST_CASES],
)
def test_submitting_needs_a_complete_dossier(world, kind, changes, fields, documents, missing):
    settings = settings_for(world.tenant_a, lwoo_enabled=True, **changes)
    tlv = a_request(world.school_a1, kind=kind, status=S.CONCEPT, submitted_on=None, **fields)
    expected = [f"Het dossier is nog niet volledig: {m} ontbreekt." for m in missing]
    assert rules.dossier_missing(tlv, documents, settings) == expected
    if documents:
        return  # the service reads the documents of the dossier; that part uploads them
    with scope(tenant=world.tenant_a):
        if expected:
            with pytest.raises(ValidationError) as refused:
                svc.tlv_request_move(tlv=tlv, target=S.SUBMITTED, on=D0)
            assert refused.value.messages == expected
        else:
            assert svc.tlv_request_move(tlv=tlv, target=S.SUBMITTED, on=D0).status == S.SUBMITTED


# --- The handling term --------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 1)  # 61 days after D0; 6 weeks end on 13 October
TERM_CASES = [
    # (id, pauses as (asked, answered), deadline, overdue on TODAY)
    ("no-pause", [], datetime.date(2026, 10, 13), True),
    (
        "one-pause-10-days",
        [(D0.replace(day=10), D0.replace(day=20))],
        datetime.date(2026, 10, 23),
        True,
    ),
    (
        "two-pauses-25-days",
        [
            (D0.replace(day=5), D0.replace(day=15)),
            (datetime.date(2026, 10, 1), datetime.date(2026, 10, 16)),
        ],
        datetime.date(2026, 11, 7),
        False,
    ),
    # An open question: the deadline moves on with today, never overdue while it runs …
    ("open-pause", [(datetime.date(2026, 10, 1), None)], datetime.date(2026, 11, 13), False),
    # … unless it was asked after the deadline had passed.
    (
        "open-pause-asked-late",
        [(datetime.date(2026, 10, 20), None)],
        datetime.date(2026, 10, 25),
        True,
    ),
]


@pytest.mark.parametrize(
    ("pauses", "deadline", "overdue"), [c[1:] for c in TERM_CASES], ids=[c[0] for c in TERM_CASES]
)
def test_the_handling_term_counts_without_its_pauses(world, pauses, deadline, overdue):
    status = S.SUPPLEMENT if pauses and pauses[-1][1] is None else S.IN_REVIEW
    tlv = a_request(world.school_a1, status=status)
    with scopes_disabled():
        for asked, answered in pauses:
            SupplementRequest.objects.create(
                tenant=world.tenant_a,
                request=tlv,
                asked_on=asked,
                answered_on=answered,
                question="?",
            )
    rule_pauses = [rules.Pause(a, b) for a, b in pauses]
    assert rules.handling_deadline(D0, rule_pauses, weeks=6, today=TODAY) == deadline
    assert rules.is_overdue(D0, rule_pauses, weeks=6, today=TODAY) is overdue
    with scope(tenant=world.tenant_a):
        row = with_deadline(type(tlv).objects.filter(pk=tlv.pk), weeks=6, today=TODAY).get()
        assert workflow.handling_deadline(tlv, today=TODAY) == deadline
    assert D0 + datetime.timedelta(days=42 + row.paused_days) == deadline
    assert row.overdue is overdue


def test_a_decided_request_is_overdue_only_when_decided_after_its_deadline(world):
    late = a_request(world.school_a1, status=S.DECIDED, decided_on=datetime.date(2026, 10, 14))
    in_time = a_request(world.school_a1, status=S.DECIDED, decided_on=datetime.date(2026, 10, 13))
    withdrawn = a_request(world.school_a1, status=S.WITHDRAWN)
    with scope(tenant=world.tenant_a):
        rows = with_deadline(type(late).objects.all(), weeks=6, today=TODAY)
        flags = {r.pk: r.overdue for r in rows}
    assert flags == {late.pk: True, in_time.pk: False, withdrawn.pk: False}


# --- The PrO and LWOO criteria ------------------------------------------------------------------


def _dle(tr=None, br=None, sp=None, re=None):
    return {
        "dle_technical_reading": tr,
        "dle_reading_comprehension": br,
        "dle_spelling": sp,
        "dle_maths": re,
    }


PRO_CASES = [
    ("iq-54-below", 54, _dle(20, 20, 20, 20), False),
    ("iq-55-lowest", 55, _dle(20, 20, 20, 20), True),
    ("iq-80-highest", 80, _dle(20, 20, 20, 20), True),
    ("iq-81-above", 81, _dle(20, 20, 20, 20), False),
    ("dle-29-on-two-core", 70, _dle(40, 29, 40, 29), True),
    ("dle-30-is-not-below-30", 70, _dle(40, 30, 40, 30), False),
    ("one-domain-only", 70, _dle(40, 29, 40, 40), False),
    ("two-domains-without-core", 70, _dle(29, 40, 29, 40), False),
    ("two-domains-one-core", 70, _dle(29, 40, 40, 29), True),
    ("iq-missing", None, _dle(20, 20, 20, 20), None),
    ("dle-missing", 70, _dle(20, 20, 20, None), None),
]


@pytest.mark.parametrize(
    ("iq", "dle", "meets"), [c[1:] for c in PRO_CASES], ids=[c[0] for c in PRO_CASES]
)
def test_pro_criteria_at_their_bounds(world, iq, dle, meets):
    advice = rules.pro_advice(iq, dle, settings_for(world.tenant_a))
    assert advice.meets is meets
    assert "advies, geen besluit" in advice.summary or meets is None


LWOO_CASES = [
    ("dle-29-below", _dle(29, 29, 29, 29), False),
    ("dle-30-lowest", _dle(30, 30, 50, 50), True),
    ("dle-45-highest", _dle(50, 45, 50, 45), True),
    ("dle-46-above", _dle(46, 46, 46, 46), False),
    ("two-domains-without-core", _dle(35, 50, 35, 50), False),
    ("one-domain-only", _dle(50, 35, 50, 50), False),
    ("dle-missing", _dle(35, 35, 35, None), None),
]


@pytest.mark.parametrize(
    ("dle", "meets"), [c[1:] for c in LWOO_CASES], ids=[c[0] for c in LWOO_CASES]
)
def test_lwoo_criteria_at_their_bounds(world, dle, meets):
    assert rules.lwoo_advice(dle, settings_for(world.tenant_a)).meets is meets


def test_the_criteria_follow_the_tenant_settings(world):
    strict = settings_for(world.tenant_a, pro_iq_max=75, criteria_min_domains=3)
    assert rules.pro_advice(78, _dle(20, 20, 20, 20), strict).meets is False
    assert rules.pro_advice(70, _dle(20, 20, 40, 40), strict).meets is False
    assert rules.pro_advice(70, _dle(20, 20, 20, 40), strict).meets is True
