"""Small real files of every accepted type, and the bad ones, for the dossier's tests."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from referrals.services.loket_dossier_files import DOCX_MAIN, ODT_MIMETYPE

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def zip_of(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, content) in enumerate(entries.items()):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return out.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="' + DOCX_MAIN + b'"/>'
    b"</Types>"
)


def docx(**extra: bytes) -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document><w:body><w:p/></w:body></w:document>",
            **extra,
        }
    )


def odt(mimetype: bytes = ODT_MIMETYPE) -> bytes:
    return zip_of(
        {"mimetype": mimetype, "content.xml": b"<office:document-content/>"}, stored_first=True
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """What the browser sends: its content type is whatever it claims (and is never read)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"
SHELL = b"#!/bin/sh\nrm -rf ~\n"


def private_storage_in(folder: Path, monkeypatch) -> Path:
    """Move the private storage into ``folder`` for one test (its files cannot meet another's).

    The model field holds the storage instance itself, so its location is moved, not the
    setting. Use it in a module's own ``private_dir`` fixture."""
    from referrals.models import DossierDocument

    storage = DossierDocument._meta.get_field("file").storage
    folder.mkdir(exist_ok=True)
    monkeypatch.setitem(storage.__dict__, "base_location", str(folder))
    monkeypatch.setitem(storage.__dict__, "location", str(folder))
    return folder


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())
