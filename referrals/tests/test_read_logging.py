"""Every response that shows pupil data logs one read, whatever its method and status (#10, 6).

Table-driven over every URL of the app: a new view fails ``test_the_table_names_every_view``
until it says here how many reads each of its responses logs. A successful change (a redirect)
logs no read: django-auditlog logs the change itself. A form shown again with errors (422)
shows the record, so it is a read.
"""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals import resources
from referrals.tests.factories import make_absence, make_opp
from swvportal.audit.models import AuditEntry
from tests.urlcrawl import all_routes

TODAY = datetime.date.today()
DAY = TODAY.strftime("%d-%m-%Y")

# route → case → (status, reads). Cases: "get", "post" (nothing valid), "invalid" (a form with
# errors), "valid" (the change is made), and the import's "check" (dry run) and "commit".
IMPORT = {"get": (200, 0), "invalid": (422, 0), "check": (200, 1), "commit": (200, 0)}
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "absence_list": {"get": (200, 1), "post": (405, 0)},
    "opp_list": {"get": (200, 1), "post": (405, 0)},
    "absence_detail": {"get": (200, 1), "post": (405, 0)},
    "opp_detail": {"get": (200, 1), "post": (405, 0)},
    "absence_log": {"get": (200, 1), "post": (405, 0)},
    "opp_log": {"get": (200, 1), "post": (405, 0)},
    "absence_edit": {"get": (200, 1), "invalid": (422, 1), "valid": (302, 0)},
    "absence_close": {"get": (200, 1), "invalid": (422, 1), "valid": (302, 0)},
    "opp_edit": {"get": (200, 1), "invalid": (422, 1), "valid": (302, 0)},
    # A new record: the page shows nothing stored yet, only what the user typed.
    "absence_create": {"get": (200, 0), "invalid": (422, 0), "valid": (302, 0)},
    "opp_create": {"get": (200, 0), "invalid": (422, 0), "valid": (302, 0)},
    # Per school: open registrations, durations and completeness, some counts of 1.
    "school_overview": {"get": (200, 1), "post": (405, 0)},
    # The school's name only; the tenant's rules only.
    "conversation_create": {"get": (200, 0), "invalid": (422, 0), "valid": (302, 0)},
    "settings": {"get": (200, 0), "invalid": (422, 0), "valid": (302, 0)},
    # A dry run compares the file with the school's records and shows what it found.
    "import_absences": IMPORT,
    "import_opps": IMPORT,
    "export_absences": {"get": (200, 1), "template": (200, 0), "post": (405, 0)},
    "export_opps": {"get": (200, 1), "template": (200, 0), "post": (405, 0)},
}
CASES = [(route, case) for route, cases in EXPECTED.items() for case in cases]


def _reads() -> list[AuditEntry]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk"))


@pytest.fixture
def records(world):
    with scope(tenant=world.tenant_a):
        return {"absence": make_absence(world.school_a1), "opp": make_opp(world.school_a1)}


def _kwargs(route: str, world, records) -> dict:
    kwargs = {"tenant_code": world.tenant_a.code}
    if route.startswith("absence_") and route not in ("absence_list", "absence_create"):
        kwargs["absence_id"] = records["absence"].pk
    if route in ("opp_detail", "opp_edit", "opp_log"):
        kwargs["opp_id"] = records["opp"].pk
    if route == "conversation_create":
        kwargs["school_id"] = world.school_a1.pk
    return kwargs


def _import_file(kind: str) -> SimpleUploadedFile:
    dataset = resources.empty_dataset(kind)
    row = dict.fromkeys(dataset.headers, "")
    row.update(leerlingnummer="F-1", geboortejaar=TODAY.year - 14)
    if kind == resources.ABSENCES:
        row.update(soort="absoluut", begindatum=TODAY.isoformat())
    else:
        row.update(plaatsing=TODAY.isoformat())
    dataset.append([row[h] for h in dataset.headers])
    return SimpleUploadedFile(f"{kind}.csv", resources.dataset_bytes(dataset, "csv"))


def _post_data(route: str, case: str, world, records) -> dict:
    school = world.school_a1.pk
    absence, opp = records["absence"], records["opp"]
    if route.startswith("import_"):
        kind = resources.ABSENCES if route == "import_absences" else resources.OPPS
        return {"school": school} | ({"file": _import_file(kind)} if case != "invalid" else {})
    if case == "invalid":
        return {"revision": 1, "start_date": "x", "placement_date": "x", "retention_years": 0}
    return {
        "absence_edit": {
            "revision": absence.revision,
            "kind": absence.kind,
            "start_date": absence.start_date.strftime("%d-%m-%Y"),
        },
        "absence_close": {"revision": absence.revision, "end_date": DAY, "outcome": "geen"},
        "opp_edit": {
            "revision": opp.revision,
            "placement_date": opp.placement_date.strftime("%d-%m-%Y"),
        },
        "absence_create": {
            "school": school,
            "pupil_number": "N-1",
            "birth_year": TODAY.year - 14,
            "kind": "absoluut",
            "start_date": DAY,
        },
        "opp_create": {
            "school": school,
            "pupil_number": "N-2",
            "birth_year": TODAY.year - 14,
            "placement_date": DAY,
        },
        "conversation_create": {"held_on": DAY, "participants": "Zorgcoördinator"},
        "settings": {"retention_years": 2},
    }.get(route, {})


def _request(client, route: str, case: str, world, records):
    url = reverse(f"referrals:{route}", kwargs=_kwargs(route, world, records))
    if case == "get":
        return client.get(url)
    if case == "template":
        return client.get(url + "?leeg=1")
    if case == "commit":
        checked = client.post(url, _post_data(route, "check", world, records))
        payload = checked.context["payload"]
        assert payload, checked.context["report"].errors
        before = len(_reads())
        response = client.post(url, {"payload": payload})
        response.reads_before = before
        return response
    return client.post(url, _post_data(route, case, world, records))


def test_the_table_names_every_view():
    routes = {r.name.split(":", 1)[1] for r in all_routes() if r.name.startswith("referrals:")}
    assert routes == set(EXPECTED), "say in EXPECTED how many reads each response logs"


@pytest.mark.parametrize(("route", "case"), CASES)
def test_each_pupil_data_response_logs_exactly_its_reads(world, login, records, route, case):
    client = login(world.user("bestuurder"))
    before = len(_reads())
    response = _request(client, route, case, world, records)
    before = getattr(response, "reads_before", before)
    status, reads = EXPECTED[route][case]
    assert response.status_code == status
    new = _reads()[before:]
    assert len(new) == reads, [e.additional_data for e in new]
    for entry in new:
        assert entry.actor == world.user("bestuurder") and entry.tenant_id == world.tenant_a.pk
