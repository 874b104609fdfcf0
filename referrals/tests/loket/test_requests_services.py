"""The request's services: creating one for a pseudonymous pupil, its own rules, lost updates,
the question back to the school and its answer, the extension, the Loket's settings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from referrals import services as pupil_services
from referrals.models import Category, Pupil, RequestStatus, SupplementRequest, TlvKind
from referrals.services import loket_requests as svc

from .builders import D0, a_request, settings_for

S = RequestStatus
BASE = {"pupil_number": "A-77", "birth_year": 2012}


def _create(world, school=None, **fields):
    data = {**BASE, "kind": TlvKind.VSO, "cluster": 3, "requested_category": Category.MIDDLE}
    data.update(fields)
    with scope(tenant=world.tenant_a):
        return svc.tlv_request_create(school=school or world.school_a1, data=data)


def test_a_request_is_a_concept_for_the_schools_pupil(world):
    tlv = _create(world)
    again = _create(world)
    assert tlv.status == S.CONCEPT and tlv.reference == ""
    assert tlv.pupil == again.pupil
    with scopes_disabled():
        assert Pupil.objects.filter(pupil_number="A-77").count() == 1


CREATE_REFUSALS = [
    (
        "vso-without-cluster",
        {"cluster": None},
        "cluster",
        "Kies bij een VSO-aanvraag cluster 3 of 4.",
    ),
    (
        "vso-without-category",
        {"requested_category": ""},
        "requested_category",
        "Kies bij een VSO-aanvraag de gevraagde categorie.",
    ),
    (
        "lwoo-not-enabled",
        {"kind": TlvKind.LWOO},
        "kind",
        "Dit Loket beslist niet over LWOO. Kies VSO of PrO.",
    ),
    (
        "birth-year-other",
        {"birth_year": 2013, "pupil_number": "KNOWN"},
        "birth_year",
        "Leerlingnummer KNOWN is bij deze school bekend met geboortejaar 2012. Controleer het "
        "nummer "
        "of het geboortejaar.",
    ),
    (
        "consent-in-future",
        {"parents_consent_on": datetime.date(2099, 1, 1)},
        "parents_consent_on",
        "De datum van de toestemming ligt in de toekomst.",
    ),
    (
        "both-receiving-schools",
        {"receiving_school_name": "Elders"},
        "receiving_school_name",
        "Kies een school van het samenwerkingsverband of vul een school daarbuiten in, niet "
        "allebei.",
    ),
]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [c[1:] for c in CREATE_REFUSALS],
    ids=[c[0] for c in CREATE_REFUSALS],
)
def test_a_request_is_refused_with_a_dutch_message_on_its_field(world, fields, field, message):
    _create(world, pupil_number="KNOWN")
    if "receiving_school_name" in fields:
        fields = {**fields, "receiving_school": world.school_a2}
    with pytest.raises(ValidationError) as refused:
        _create(world, **fields)
    assert message in refused.value.message_dict[field]


def test_lwoo_is_offered_when_the_tenant_decides_on_it(world):
    assert TlvKind.LWOO not in dict(svc.kind_choices(settings_for(world.tenant_a)))
    settings = settings_for(world.tenant_a, lwoo_enabled=True)
    assert TlvKind.LWOO in dict(svc.kind_choices(settings))
    tlv = _create(world, kind=TlvKind.LWOO, dle_spelling=35)
    assert (tlv.kind, tlv.cluster, tlv.requested_category, tlv.dle_spelling) == (
        TlvKind.LWOO,
        None,
        "",
        35,
    )


def test_a_vso_request_keeps_no_test_data(world):
    assert _create(world, iq_total=70, dle_maths=20).iq_total is None


def test_the_opp_is_one_of_that_pupils_at_that_school(world):
    with scope(tenant=world.tenant_a):
        own = pupil_services.opp_create(school=world.school_a1, data={**BASE, "placement_date": D0})
        other = pupil_services.opp_create(
            school=world.school_a1,
            data={"pupil_number": "B-1", "birth_year": 2012, "placement_date": D0},
        )
    tlv = _create(world, opp=own)
    assert tlv.opp == own
    with scope(tenant=world.tenant_a):
        assert list(svc.opp_choices(tlv)) == [own]
    with pytest.raises(ValidationError) as refused:
        _create(world, opp=other)
    assert refused.value.message_dict["opp"] == ["Kies een OPP van deze leerling op deze school."]


def test_a_second_editor_cannot_overwrite_the_first(world):
    tlv = _create(world)
    with scope(tenant=world.tenant_a):
        svc.tlv_request_update(tlv=tlv, data={"steps_taken": "Eerst"}, revision=tlv.revision)
        with pytest.raises(ValidationError) as refused:
            svc.tlv_request_update(tlv=tlv, data={"steps_taken": "Later"}, revision=tlv.revision)
    assert "intussen door iemand anders gewijzigd" in refused.value.messages[0]
    tlv.refresh_from_db()
    assert tlv.steps_taken == "Eerst"


@pytest.mark.parametrize(
    ("status", "editable"),
    [(s, s in (S.CONCEPT, S.SUPPLEMENT)) for s in S.values],
    ids=list(S.values),
)
def test_a_request_changes_only_as_concept_or_during_a_question(world, status, editable):
    tlv = a_request(world.school_a1, status=status)
    with scope(tenant=world.tenant_a):
        if editable:
            changed = svc.tlv_request_update(
                tlv=tlv, data={"steps_taken": "Nieuw"}, revision=tlv.revision
            )
            assert changed.steps_taken == "Nieuw"
        else:
            with pytest.raises(ValidationError, match="kunt u niet meer wijzigen"):
                svc.tlv_request_update(tlv=tlv, data={"steps_taken": "Nieuw"}, revision=1)


def test_a_question_pauses_and_the_answer_sends_the_request_back(world):
    settings_for(world.tenant_a, opp_required_for_vso=False, required_documents={})
    tlv = a_request(world.school_a1, status=S.SUBMITTED)
    with scope(tenant=world.tenant_a):
        supplement = svc.supplement_ask(tlv=tlv, question="Stuur het verslag.")
        tlv.refresh_from_db()
        assert tlv.status == S.SUPPLEMENT and supplement.answered_on is None
        with pytest.raises(ValidationError, match="kan de aanvraag niet naar 'Aanvulling"):
            svc.supplement_ask(tlv=tlv, question="Nog iets?")
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as empty:
        svc.supplement_answer(supplement=supplement, answer=" ")
    assert empty.value.message_dict == {
        "answer": ["Schrijf uw antwoord op de vraag van het Loket."]
    }
    with scope(tenant=world.tenant_a):
        back = svc.supplement_answer(supplement=supplement, answer="Bijgevoegd.")
        with pytest.raises(ValidationError, match="al beantwoord"):
            svc.supplement_answer(supplement=supplement, answer="Nog eens.")
    supplement.refresh_from_db()
    assert back.status == S.IN_REVIEW and back.review_started_on is not None
    assert supplement.answer == "Bijgevoegd." and supplement.answered_on is not None


def test_the_answer_waits_for_a_complete_dossier(world):
    tlv = a_request(world.school_a1, status=S.SUPPLEMENT, steps_taken="")
    with scopes_disabled():
        supplement = SupplementRequest.objects.create(
            tenant=world.tenant_a, request=tlv, asked_on=D0, question="?"
        )
    settings_for(world.tenant_a, opp_required_for_vso=False, required_documents={})
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        svc.supplement_answer(supplement=supplement, answer="Hier.")
    assert refused.value.messages == [
        "Het dossier is nog niet volledig: wat de school al heeft gedaan ontbreekt."
    ]
    supplement.refresh_from_db()
    assert supplement.answered_on is None


SETTINGS_REFUSALS = [
    ("iq-range", {"pro_iq_min": 90, "pro_iq_max": 80}, "pro_iq_max"),
    ("dle-range", {"lwoo_dle_min": 50, "lwoo_dle_max": 45}, "lwoo_dle_max"),
    ("domains", {"criteria_min_domains": 5}, "criteria_min_domains"),
    ("no-discipline", {"first_disciplines": []}, "first_disciplines"),
    ("unknown-document", {"required_documents": {"vso": ["paspoort"]}}, "required_documents"),
]


@pytest.mark.parametrize(
    ("data", "field"), [c[1:] for c in SETTINGS_REFUSALS], ids=[c[0] for c in SETTINGS_REFUSALS]
)
def test_settings_that_make_no_sense_are_refused(world, data, field):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        svc.loket_settings_update(tenant=world.tenant_a, data=data)
    assert field in refused.value.message_dict
    assert settings_for(world.tenant_a).pro_iq_max == 80
