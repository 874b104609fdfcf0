"""The decision letter PDF (document type ``tlv_letter``), rendered for real, as few times as
possible (each render takes about a second), read back with pypdf."""

from __future__ import annotations

import datetime
import io
import re

import pypdf
import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals.models import Discipline, RequestStatus, TlvDecision
from referrals.services import loket_decisions as services
from swvportal.audit.models import AuditEntry
from swvportal.documents.models import IssuedDocument

from .builders import a_deskundige, a_request, an_advice, settings_for

DECIDED = datetime.date(2026, 11, 20)
NAME = "Pietje Puk"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def decision(world, media) -> TlvDecision:
    settings_for(
        world.tenant_a,
        objection_address="Postbus 85191\n3508 AD Utrecht",
        letter_signatory="Mr. A. de Voorzitter, voorzitter van het Loket",
    )
    tlv = a_request(world.school_a1, status=RequestStatus.IN_REVIEW, reference="TLV-2026-017")
    an_advice(
        tlv, a_deskundige(world.tenant_a, name="Olga Orthopedagoog"), position=1, submitted=True
    )
    an_advice(
        tlv,
        a_deskundige(
            world.tenant_a, discipline=Discipline.KINDERPSYCHIATER, name="Karel Psychiater"
        ),
        position=2,
        submitted=True,
    )
    with scope(tenant=world.tenant_a):
        return services.tlv_decide(
            tlv=tlv,
            data={
                "outcome": "toegekend",
                "cluster": 4,
                "category": "midden",
                "start_date": datetime.date(2026, 12, 1),
                "receiving_school_name": "Vso De Brug",
                "reasoning": "Beide deskundigen zien een intensieve ondersteuningsbehoefte.",
                "decided_on": DECIDED,
            },
        )


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def downloads(world, login, decision):
    """The Loket downloads the letter twice; the school downloads it with a typed name."""
    client = login(world.user("loket"))
    url = reverse(
        "loket:decision_letter", kwargs={"tenant_code": "VOA001", "decision_id": decision.pk}
    )
    first = b"".join(client.get(url).streaming_content)
    second = b"".join(client.get(url).streaming_content)
    school = login(world.user("zorgcoordinator"))
    named = school.post(
        reverse(
            "loket:decision_letter_named",
            kwargs={"tenant_code": "VOA001", "decision_id": decision.pk},
        ),
        {"pupil_name": NAME},
    )
    return first, second, named


def test_the_letter_holds_the_decision_its_dates_both_deskundigen_and_the_bezwaar_clause(
    downloads, decision
):
    text = _text(downloads[0])
    with scopes_disabled():
        pupil = decision.pupil
    for expected in (
        "Samenwerkingsverband Alfa",
        "VOA001",
        "TLV-2026-017",
        f"leerlingnummer {pupil.pupil_number}, geboortejaar {pupil.birth_year}",
        "toegekend",
        "cluster 4",
        "Midden (categorie 2)",
        "1 december 2026",
        "31 juli 2028",
        "Vso De Brug",
        "Beide deskundigen zien een intensieve ondersteuningsbehoefte.",
        "Olga Orthopedagoog",
        "Orthopedagoog",
        "Karel Psychiater",
        "Kinderpsychiater",
        "binnen 6 weken na de dag waarop deze brief is verzonden",
        "Landelijke Bezwaaradviescommissie Toelaatbaarheidsverklaringen",
        "Postbus 85191",
        "Mr. A. de Voorzitter",
    ):
        assert expected in text, expected
    assert NAME not in text


def test_the_letter_is_archived_once_and_comes_out_identical(downloads, decision):
    first, second, _ = downloads
    assert first.startswith(b"%PDF-") and first == second
    with scopes_disabled():
        document = IssuedDocument.objects.get(kind="tlv_letter")
    assert document.archived and document.subject == decision


def test_the_letter_is_a_tagged_pdf_a(downloads):
    reader = pypdf.PdfReader(io.BytesIO(downloads[0]))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(="|>)A', xmp)
    assert reader.metadata.title == "Besluit op de aanvraag TLV-2026-017"
    assert reader.metadata["/CreationDate"].startswith(f"D:{DECIDED:%Y%m%d}")


def test_a_typed_name_is_in_that_download_only_and_stored_nowhere(downloads, media):
    _, _, named = downloads
    assert named.status_code == 200 and named["Content-Type"] == "application/pdf"
    assert NAME in _text(named.content)
    with scopes_disabled():
        assert IssuedDocument.objects.count() == 1  # the archived letter, without the name
        entries = list(AuditEntry.objects.values_list("changes", "additional_data"))
        assert any((data or {}).get("name_added") for _, data in entries)
    assert NAME not in repr(entries)
    for path in media.rglob("*"):
        if path.is_file():
            assert NAME.encode() not in path.read_bytes()
            assert "Pietje" not in _text(path.read_bytes())


def test_every_download_logs_a_read(downloads, decision):
    with scopes_disabled():
        reads = AuditEntry.objects.filter(additional_data__what="download tlv_letter")
        assert reads.count() == 2
