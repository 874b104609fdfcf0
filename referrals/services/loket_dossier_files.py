"""What an uploaded dossier file is, judged by its content (issue 13, item 3).

A file is accepted only when its own bytes show it is one of five types: PDF, JPEG and PNG by
their magic bytes; DOCX and ODT are ZIP files, so their inside is checked (a DOCX has
``[Content_Types].xml`` naming a Word document and ``word/document.xml``; an ODT's first entry
``mimetype`` says ``application/vnd.oasis.opendocument.text``). Its name must then agree with
that content. The name and the browser's content type are never trusted: a program or script is
refused whatever it is called.

No library: the three magic numbers are constants, and the ZIP check needs ``zipfile`` (the
libraries that guess types from a signature table, such as filetype and puremagic, judge a DOCX
by names near the start of the ZIP, not by its entries). Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File

MB = 1024 * 1024
HEAD_BYTES = 4096
# What we read of a ZIP entry to judge it: far more than a real one needs (a zip bomb stops here).
MAX_ENTRY_BYTES = 1 * MB
MAX_ZIP_ENTRIES = 10_000


@dataclass(frozen=True)
class FileType:
    key: str
    label: str  # as the user reads it: "een PDF-bestand"
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "een PDF-bestand", "application/pdf", (".pdf",))
DOCX = FileType(
    "docx",
    "een Word-bestand (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
ODT = FileType(
    "odt", "een OpenDocument-tekst (ODT)", "application/vnd.oasis.opendocument.text", (".odt",)
)
JPEG = FileType("jpeg", "een JPEG-afbeelding", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileType("png", "een PNG-afbeelding", "image/png", (".png",))
FILE_TYPES = (PDF, DOCX, ODT, JPEG, PNG)
EXTENSIONS = tuple(ext for t in FILE_TYPES for ext in t.extensions)
ACCEPT = ",".join(EXTENSIONS)  # for the file input's ``accept``: a hint, never the check
ALLOWED_TEXT = "PDF, Word (DOCX), OpenDocument-tekst (ODT), JPEG of PNG"

# Programs and scripts, by the first bytes of their content.
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows programs and libraries (exe, dll, scr)
    b"\x7fELF",  # Linux programs
    b"\xfe\xed\xfa\xce",  # Mach-O (macOS), 32 and 64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binaries and Java classes
    b"#!",  # scripts with an interpreter line (sh, bash, python, perl …)
)
# … and by their name, for scripts without such a first line.
# fmt: off
EXECUTABLE_EXTENSIONS = frozenset({
    ".exe", ".dll", ".scr", ".com", ".bat", ".cmd", ".msi", ".ps1", ".psm1", ".vbs", ".vbe",
    ".js", ".jse", ".wsf", ".wsh", ".hta", ".lnk", ".sh", ".bash", ".zsh", ".py", ".pl", ".rb",
    ".php", ".jar", ".app", ".apk", ".elf", ".bin", ".run", ".cpl", ".reg",
})
# fmt: on
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files (.doc), and Windows installers

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


@dataclass(frozen=True)
class Inspected:
    """An accepted file: its type, its cleaned name, its size and SHA-256."""

    file_type: FileType
    name: str
    size: int
    sha256: str


def inspect_upload(upload: File, *, max_bytes: int) -> Inspected:
    """Accept ``upload`` or raise a ``ValidationError`` with a Dutch message naming the reason.

    The size comes first, from the upload's metadata, so an oversized file is refused before a
    byte of it is read; then only its first bytes are read, and a ZIP's few entries.
    """
    size = upload.size or 0
    check_size(size, max_bytes=max_bytes)
    name = upload.name or ""
    extension = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    refuse_programs(head, extension)
    file_type = detect(head, upload)
    check_name_matches(file_type, extension)
    return Inspected(file_type, clean_name(name, extension), size, sha256_of(upload))


def check_size(size: int, *, max_bytes: int) -> None:
    if size <= 0:
        raise refuse("Het bestand is leeg. Kies een bestand met inhoud.", "empty")
    if size > max_bytes:
        raise refuse(
            f"Het bestand is {_megabytes(size)} groot. Een bestand mag hoogstens "
            f"{_megabytes(max_bytes)} zijn.",
            "too_large",
        )


def refuse_programs(head: bytes, extension: str) -> None:
    content = head.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM before "#!"
    if extension in EXECUTABLE_EXTENSIONS or content.startswith(EXECUTABLE_MAGIC):
        raise refuse(
            "Dit bestand is een programma of script. Zulke bestanden kunnen niet in het "
            f"dossier; voeg een {ALLOWED_TEXT} toe.",
            "executable",
        )
    if content.startswith(OLE_MAGIC):
        raise refuse(
            "Dit bestand heeft een oude indeling (zoals .doc van Word 97–2003) die niet kan. "
            "Sla het op als PDF of DOCX en voeg het opnieuw toe.",
            "old_format",
        )


def detect(head: bytes, upload: File) -> FileType:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _zip_document(upload)
    raise refuse(f"De inhoud van dit bestand is geen {ALLOWED_TEXT}.", "unknown_type")


def _zip_document(upload: File) -> FileType:
    """A DOCX or an ODT, judged by the entries inside the ZIP."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise refuse("Dit bestand bestaat uit te veel delen.", "zip_entries")
            names = {entry.filename for entry in entries}
            first = entries[0] if entries else None
            if (
                first
                and first.filename == "mimetype"
                and _read_entry(archive, first) == ODT_MIMETYPE
            ):
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                types = _read_entry(archive, archive.getinfo("[Content_Types].xml"))
                if b"macroEnabled" in types or "word/vbaProject.bin" in names:
                    raise refuse(
                        "Dit Word-bestand bevat macro's (programmacode). Sla het op als PDF of "
                        "als DOCX zonder macro's.",
                        "macros",
                    )
                if DOCX_MAIN in types:
                    return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, OSError) as exc:
        raise refuse(
            "Dit bestand is beschadigd of versleuteld en kan niet worden gelezen.", "zip"
        ) from exc
    raise refuse(
        "Dit is een ZIP-bestand, maar geen Word-bestand (DOCX) of OpenDocument-tekst (ODT).",
        "zip_not_document",
    )


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    with archive.open(entry) as opened:
        return opened.read(MAX_ENTRY_BYTES)


def check_name_matches(file_type: FileType, extension: str) -> None:
    if extension in file_type.extensions:
        return
    if extension in EXTENSIONS:
        raise refuse(
            f"Het bestand heet '{extension}', maar de inhoud is {file_type.label}. Kies het goede "
            f"bestand, of geef het de naam die bij de inhoud past ({file_type.extensions[0]}).",
            "name_mismatch",
        )
    shown = f"'{extension}'" if extension else "geen"
    raise refuse(
        f"Het bestand heeft {shown} extensie. Alleen {', '.join(EXTENSIONS)} kunnen; de inhoud "
        f"is {file_type.label}, dus geef het de naam {file_type.extensions[0]}.",
        "extension",
    )


def clean_name(name: str, extension: str) -> str:
    """The file's own name without a path, control or special characters, at most 150 long."""
    base = unicodedata.normalize("NFC", PurePosixPath(name.replace("\\", "/")).name)
    stem = base[: -len(extension)] if extension and base.lower().endswith(extension) else base
    stem = re.sub(r"[^\w\s().,-]+", "_", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" ._-")[:150].rstrip(" ._-")
    return f"{stem or 'bestand'}{extension}"


def sha256_of(upload: File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    """In MB with one decimal, rounded up: a file just over the limit never reads as equal."""
    value = math.ceil(size * 10 / MB) / 10
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text} MB"
