"""Realisation files for the tests of part "reports": an XLSX made in memory."""

from __future__ import annotations

import io

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from finance import reports


def xlsx(rows, *, header=("Regel", "Gerealiseerd"), sheet: str = "Realisatie") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dataset(rows) -> tablib.Dataset:
    return reports.read_realisation_file(xlsx(rows))


def upload(raw: bytes, name: str = "realisatie.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw, content_type=reports.XLSX_CONTENT_TYPE)
