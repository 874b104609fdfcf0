"""Import files that would exhaust a web worker (issue #10, item 5) are refused cheaply.

Acceptance: a 2 MB XLSX that unpacks to 2 GiB and a 1,000,000-row file are refused within 2 s,
and the process grows less than 100 MB. The time is not asserted here (on a loaded machine a
wall-clock bound flakes; the guide keeps timings out of tests): what makes the refusal cheap is,
deterministically, that an XLSX is refused before openpyxl opens it and a CSV stops being read at
``MAX_ROWS`` + 1 rows. The seconds are printed (``-s``).

The files are built here, in a streamed way: the bomb's sheet is one deflate block repeated
(each block is flushed, so every copy is the same bytes), so the test never holds the unpacked
2 GiB itself.
"""

from __future__ import annotations

import io
import random
import re
import resource
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scope

from referrals import resources
from referrals.models import OppRegistration
from swvportal.core import imports
from swvportal.core.imports import ImportFileError, load_dataset
from swvportal.tenancy.models import School
from swvportal.tenancy.resources import SCHOOL_COLUMNS

MB = 1024 * 1024
GROWTH = 100 * MB  # the acceptance's bound
SHEET = "xl/worksheets/sheet1.xml"
Pieces = list[tuple[bytes, int]]  # (bytes, how many times in a row)


def _deflate(pieces: Pieces) -> tuple[bytes, int, int]:
    """Raw deflate of the pieces, their CRC-32 and their unpacked size, never all in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for data, times in pieces:
        out.append((compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(data, crc)
        size += len(data) * times
    out.append(compressor.flush(zlib.Z_FINISH))
    return b"".join(out), crc, size


def _zip(members: dict[str, Pieces]) -> bytes:
    """A zip written by hand, so a member's data can be far larger than the test's memory."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, pieces in members.items():
        data, crc, size = _deflate(pieces)
        fixed = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)
        offset = body.tell()
        body.write(b"PK\x03\x04" + fixed + struct.pack("<HH", len(name), 0) + name.encode())
        body.write(data)
        directory.write(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fixed
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name.encode()
        )
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        len(members),
        len(members),
        directory.tell(),
        body.tell(),
        0,
    )
    return body.getvalue() + directory.getvalue() + end


def _workbook(headers: list[str], rows: Pieces) -> bytes:
    """A real workbook (openpyxl's) whose sheet gets ``rows`` after the header row."""
    book = openpyxl.Workbook()
    book.active.append(headers)
    buffer = io.BytesIO()
    book.save(buffer)
    members: dict[str, Pieces] = {}
    with zipfile.ZipFile(buffer) as real:
        for name in real.namelist():
            members[name] = [(real.read(name), 1)]
    # Without its <dimension>: read-only openpyxl would stop at the size the sheet declares.
    sheet = re.sub(rb"<dimension[^>]*/>", b"", members[SHEET][0][0])
    head, tail = sheet.split(b"</row>", 1)
    rest = tail[tail.index(b"</sheetData>") :]
    members[SHEET] = [(head + b"</row>", 1), *rows, (rest, 1)]
    return _zip(members)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 2 MB that unpacks to 2 GiB: one cell of two thousand million letters A."""
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    letters = b"A" * MB
    data = _workbook(resources.column_names(resources.OPPS), [(cell, 1), (letters, 2048)])
    assert len(data) < 3 * MB
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) > 2048 * MB
    return data


def _cost(call: Callable[[], None]) -> tuple[float, int]:
    """Seconds of one run, and the larger of the peak Python memory and the process's growth
    over a second run (tracemalloc slows a run, so the runs are measured apart)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    call()
    seconds = time.perf_counter() - start
    print(f"{call.__name__}: {seconds:.2f} s")
    tracemalloc.start()
    try:
        call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    return seconds, max(peak, growth)


@pytest.fixture
def unopened_xlsx(monkeypatch):
    """openpyxl must not see the file: the zip's own directory and row tags refuse it first."""

    def load_workbook(*args, **kwargs):
        raise AssertionError("openpyxl opened a file the zip check should have refused")

    monkeypatch.setattr(imports.openpyxl, "load_workbook", load_workbook)


@pytest.fixture
def rows_read(monkeypatch) -> list[int]:
    """How many rows the streaming reader handed out, per file read."""
    counts: list[int] = []
    limited = imports._limited

    def counting(rows):
        counts.append(0)
        for row in limited(rows):
            counts[-1] += 1
            yield row

    monkeypatch.setattr(imports, "_limited", counting)
    return counts


def test_it_refuses_an_xlsx_bomb_upload_quickly_and_without_memory(
    world, login, bomb, unopened_xlsx
):
    client = login(world.user("zorgcoordinator"))
    url = reverse("referrals:import_opps", kwargs={"tenant_code": world.tenant_a.code})

    def upload() -> None:
        response = client.post(
            url, {"school": world.school_a1.pk, "file": SimpleUploadedFile("opp.xlsx", bomb)}
        )
        assert response.status_code == 422
        assert "uitgepakt groter dan 50 MB" in response.content.decode()

    _, memory = _cost(upload)
    assert memory < GROWTH, memory // MB
    with scope(tenant=world.tenant_a):
        assert not OppRegistration.objects.exists()


def test_it_refuses_a_million_row_csv_quickly_and_without_memory(world, tmp_path, rows_read):
    path = tmp_path / "scholen.csv"
    row = b"12AB00,Een school met een naam,vo,Gemeente,Bestuur\n"
    path.write_bytes(",".join(SCHOOL_COLUMNS).encode() + b"\n" + row * 1_000_000)
    assert path.stat().st_size > 20 * MB

    def command() -> None:
        with pytest.raises(CommandError, match="meer dan 100000 regels"):
            call_command("import_schools", str(path), tenant=world.tenant_a.code, commit=True)

    _, memory = _cost(command)
    assert memory < GROWTH, memory // MB
    assert rows_read and max(rows_read) == imports.MAX_ROWS + 1  # then it stopped reading
    with scope(tenant=world.tenant_a):
        assert School.objects.filter(brin="12AB00").count() == 0


def test_it_refuses_a_million_row_xlsx_upload_quickly_and_without_memory(
    world, login, unopened_xlsx
):
    numbers = random.Random(5).choices(range(10**6), k=1000)  # packs like real data: 3 to 4 times
    rows = b"".join(b"<row><c><v>%d</v></c></row>" % n for n in numbers)
    data = _workbook(resources.column_names(resources.OPPS), [(rows, 1000)])
    assert len(data) < 5 * MB  # under the upload limit: 32 MB unpacked, a million rows
    client = login(world.user("zorgcoordinator"))
    url = reverse("referrals:import_opps", kwargs={"tenant_code": world.tenant_a.code})

    def upload() -> None:
        response = client.post(
            url, {"school": world.school_a1.pk, "file": SimpleUploadedFile("opp.xlsx", data)}
        )
        assert response.status_code == 422
        assert "meer dan 100000 regels" in response.content.decode()

    _, memory = _cost(upload)
    assert memory < GROWTH, memory // MB


def test_it_stops_reading_when_a_sheet_jumps_to_row_a_million():
    # One row element, but openpyxl fills the rows it skips: the count while reading stops it.
    data = _workbook(["leerlingnummer"], [(b'<row r="1000000"><c><v>1</v></c></row>', 1)])

    def read() -> None:
        with pytest.raises(ImportFileError, match="meer dan 100000 regels"):
            load_dataset(data, "xlsx", required=["leerlingnummer"])

    assert _cost(read)[1] < GROWTH


def test_it_refuses_an_xlsx_that_is_packed_absurdly_tightly():
    data = _workbook(["leerlingnummer"], [(b"<!--" + b" " * 20 * MB + b"-->", 1)])
    with pytest.raises(ImportFileError, match="vreemd ingepakt"):
        load_dataset(data, "xlsx", required=["leerlingnummer"])


def test_it_refuses_a_damaged_xlsx_with_a_dutch_message():
    with pytest.raises(ImportFileError, match="kon niet als xlsx worden gelezen"):
        load_dataset(b"PK\x03\x04 geen zip", "xlsx", required=["leerlingnummer"])


def test_a_normal_xlsx_still_reads_with_its_headers_and_rows():
    book = openpyxl.Workbook()
    book.active.append(["Leerlingnummer", "Geboortejaar"])
    book.active.append(["A-1", 2011])
    book.active.append(["A-2"])
    buffer = io.BytesIO()
    book.save(buffer)
    dataset = load_dataset(buffer.getvalue(), "xlsx", required=["leerlingnummer"])
    assert dataset.headers == ["leerlingnummer", "geboortejaar"]
    assert [list(r) for r in dataset] == [["A-1", 2011], ["A-2", None]]
