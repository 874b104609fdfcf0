"""The vangnet PDF (document type ``vangnet``): a tagged PDF/A with the figures, the steps and
the claim; the same bytes twice for the same data; made by the bestuurder and by the school's own
zorgcoördinator, a new document each time."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from finance.pdf_vangnet import vangnet_document
from finance.tests.builders_vangnet import YEAR, a_vangnet_school, make_special, tlvs_into
from swvportal.accounts.models import Role
from swvportal.documents.models import IssuedDocument

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_pdf_is_a_tagged_pdf_a_and_the_same_twice(world):
    school = a_vangnet_school(world)
    first = vangnet_document(world.tenant_a, school, YEAR).render()
    second = vangnet_document(world.tenant_a, school, YEAR).render()
    assert first == second
    reader = pypdf.PdfReader(io.BytesIO(first))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)A', xmp)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Vangnetberekening Vso De Brug 2025-2026" in text
    assert "146.000,00" in text and "73.000,00" in text  # midden: 2 × 73.000
    assert "Loket" in text and "geen declaratie" in text.lower()


def test_the_schools_zorgcoordinator_makes_it_and_no_other_school(world, login, media):
    own = make_special(world.school_a1)
    tlvs_into(own, world.school_a2)
    other = a_vangnet_school(world)
    client = login(world.user(Role.ZORGCOORDINATOR))

    def url(school):
        kwargs = {"tenant_code": "VOA001", "school_id": school.pk, "school_year": YEAR}
        return reverse("finance:vangnet_pdf", kwargs=kwargs)

    answer = client.post(url(own))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert b"".join(answer.streaming_content).startswith(b"%PDF-")
    assert client.post(url(other)).status_code == 404
    assert client.get(url(own)).status_code == 405
    with scopes_disabled():
        document = IssuedDocument.objects.get()
    assert document.kind == "vangnet" and not document.archived
    assert document.filename == f"VOA001-vangnet-{own.brin}-2025-2026.pdf"


def test_render_pdf_makes_it_from_the_command_line(world, media, tmp_path):
    from django.core.management import CommandError, call_command

    a_vangnet_school(world)
    out = tmp_path / "vangnet.pdf"
    args = ["render_pdf", "vangnet", "--tenant", "VOA001", "--schooljaar", "2025-2026"]
    call_command(*args, "--brin", "11VS00", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="geen school met BRIN 99XX00"):
        call_command(*args, "--brin", "99XX00", "--out", str(out))
