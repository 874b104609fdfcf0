"""Uploads are judged by their content (issue 13, item 3): each refused file gets its Dutch
reason and leaves nothing behind, no row and no file; each accepted type is stored with the
right SHA-256, size, detected type and cleaned name."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from referrals.models import DossierDocument, RequestStatus
from referrals.services import loket_dossier
from referrals.services.loket_dossier_files import OLE_MAGIC, clean_name

from . import dossier_samples as samples
from .builders import a_request, settings_for
from .dossier_samples import private_storage_in, stored_files


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    return private_storage_in(tmp_path / "private", monkeypatch)


MB = 1024 * 1024


@pytest.fixture
def concept(world):
    return a_request(world.school_a1, status=RequestStatus.CONCEPT, submitted_on=None)


def upload_as_school(world, tlv, file, kind="onderzoek"):
    with scope(tenant=world.tenant_a):
        return loket_dossier.dossier_upload(
            tlv=tlv, kind=kind, upload=file, by=world.members["zorgcoordinator"]
        )


REFUSED = [
    pytest.param("verslag.pdf", samples.EXE, "programma of script", id="renamed-executable"),
    pytest.param("verslag.docx", samples.SHELL, "programma of script", id="shell-script-as-docx"),
    pytest.param(
        "verslag.pdf", b"\xef\xbb\xbf" + samples.SHELL, "programma of script", id="script-with-bom"
    ),
    pytest.param("setup.exe", samples.PDF, "programma of script", id="executable-by-name"),
    pytest.param("start.bat", b"@echo off\r\n", "programma of script", id="batch-file"),
    pytest.param(
        "verslag.docx",
        samples.zip_of({"notes.txt": b"geen word"}),
        "ZIP-bestand, maar geen Word-bestand",
        id="zip-that-is-not-a-docx",
    ),
    pytest.param(
        "verslag.odt",
        samples.odt(b"application/vnd.oasis.opendocument.spreadsheet"),
        "ZIP-bestand, maar geen Word-bestand",
        id="ods-spreadsheet-as-odt",
    ),
    pytest.param(
        "verslag.docx",
        samples.docx(**{"word/vbaProject.bin": b"\x00"}),
        "macro's",
        id="docx-with-macros",
    ),
    pytest.param("verslag.docx", b"PK\x03\x04kapot", "beschadigd", id="broken-zip"),
    pytest.param(
        "foto.pdf", samples.image("PNG"), "de inhoud is een PNG-afbeelding", id="png-sent-as-pdf"
    ),
    pytest.param(
        "scan.png", samples.image("JPEG"), "de inhoud is een JPEG-afbeelding", id="jpeg-as-png"
    ),
    pytest.param("verslag.pdf", b"Beste Loket, ...", "geen PDF, Word", id="plain-text-as-pdf"),
    pytest.param("verslag", samples.PDF, "geen extensie", id="pdf-without-extension"),
    pytest.param("verslag.txt", samples.PDF, "'.txt' extensie", id="pdf-named-txt"),
    pytest.param("oud.doc", OLE_MAGIC + b"\x00" * 64, "oude indeling", id="word-97-doc"),
    pytest.param("leeg.pdf", b"", "leeg", id="empty-file"),
]


@pytest.mark.parametrize(("name", "content", "reason"), REFUSED)
def test_a_refused_file_gets_its_reason_and_stores_nothing(
    world, concept, private_dir, name, content, reason
):
    with pytest.raises(ValidationError) as refused:
        upload_as_school(world, concept, samples.upload(name, content))
    assert reason in " ".join(refused.value.message_dict["file"])
    with scopes_disabled():
        assert not DossierDocument.objects.exists()
    assert stored_files(private_dir) == []


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the oversized file was read")


def test_an_oversized_file_is_refused_by_its_size_before_it_is_read(world, concept, private_dir):
    settings_for(world.tenant_a, max_upload_mb=1)
    big = samples.upload("groot.pdf", b"")
    big.file, big.size = Unreadable(), MB + 1
    with pytest.raises(ValidationError) as refused:
        upload_as_school(world, concept, big)
    assert refused.value.message_dict["file"] == [
        "Het bestand is 1,1 MB groot. Een bestand mag hoogstens 1 MB zijn."
    ]
    with scopes_disabled():
        assert not DossierDocument.objects.exists()
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    ("limit_mb", "size", "accepted"),
    [
        pytest.param(20, 20 * MB, True, id="exactly-the-default-20-mb"),
        pytest.param(20, 20 * MB + 1, False, id="one-byte-over-20-mb"),
        pytest.param(5, 5 * MB + 1, False, id="one-byte-over-a-tenant-limit-of-5-mb"),
    ],
)
def test_the_size_limit_is_the_tenants(world, concept, limit_mb, size, accepted):
    settings_for(world.tenant_a, max_upload_mb=limit_mb)
    file = samples.upload("groot.pdf", samples.PDF + b"0" * (size - len(samples.PDF)))
    if accepted:
        assert upload_as_school(world, concept, file).size == size
    else:
        with pytest.raises(ValidationError, match=f"hoogstens {limit_mb} MB"):
            upload_as_school(world, concept, file)


ACCEPTED = [
    pytest.param("Verslag.pdf", samples.PDF, "application/pdf", id="pdf"),
    pytest.param(
        "Plan.docx",
        samples.docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        id="docx",
    ),
    pytest.param(
        "Zienswijze.odt", samples.odt(), "application/vnd.oasis.opendocument.text", id="odt"
    ),
    pytest.param("Scan.jpg", samples.image("JPEG"), "image/jpeg", id="jpeg-as-jpg"),
    pytest.param("Scan.JPEG", samples.image("JPEG"), "image/jpeg", id="jpeg-as-jpeg"),
    pytest.param("Foto.png", samples.image("PNG"), "image/png", id="png"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED)
def test_each_accepted_type_is_stored_with_its_sha256(
    world, concept, private_dir, name, content, content_type
):
    # The browser's claim is wrong on purpose: it is never read.
    document = upload_as_school(world, concept, samples.upload(name, content, "text/plain"))
    assert document.sha256 == samples.sha256(content)
    assert (document.size, document.content_type) == (len(content), content_type)
    assert document.uploaded_by == world.user("zorgcoordinator")
    assert document.original_name == name[: name.rindex(".")] + name[name.rindex(".") :].lower()
    [path] = stored_files(private_dir)
    assert path.read_bytes() == content
    assert name.split(".")[0] not in path.name  # the stored name says nothing about the file


def test_the_same_file_twice_is_refused(world, concept, private_dir):
    upload_as_school(world, concept, samples.upload("a.pdf", samples.PDF))
    with pytest.raises(ValidationError, match=r"staat al in het dossier, als 'a\.pdf'"):
        upload_as_school(world, concept, samples.upload("b.pdf", samples.PDF))
    assert len(stored_files(private_dir)) == 1


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        pytest.param("../../etc/passwd.pdf", "passwd.pdf", id="path-traversal"),
        pytest.param("C:\\Users\\juf\\Verslag 1.PDF", "Verslag 1.pdf", id="windows-path"),
        pytest.param("<i>verslag</i>.pdf", "i.pdf", id="markup-with-a-slash"),
        pytest.param("<verslag>: mei?.pdf", "verslag_ mei.pdf", id="markup"),
        pytest.param("rapport\u202efdp.exe.pdf", "rapport_fdp.exe.pdf", id="right-to-left-trick"),
        pytest.param("  verslag   mei .pdf", "verslag mei.pdf", id="spaces"),
        pytest.param(".pdf", "bestand.pdf", id="no-name-left"),
        pytest.param("Onderzoeksverslag é ü.pdf", "Onderzoeksverslag é ü.pdf", id="accents-kept"),
        pytest.param("x" * 300 + ".pdf", "x" * 150 + ".pdf", id="too-long"),
    ],
)
def test_the_original_name_is_cleaned(given, cleaned):
    assert clean_name(given, ".pdf") == cleaned
