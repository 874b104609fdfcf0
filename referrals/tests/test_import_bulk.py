"""A file's commit saves its new records in bulk (``services.records_flush``): the same records
and the same audit trail as the services writing them one row at a time."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any
from unittest import mock

import pytest
from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from referrals import resources, services
from referrals.models import AbsenceRegistration, OppRegistration, Pupil
from referrals.tests.factories import days_ago, make_absence
from referrals.tests.test_import_export import OPP_COLUMNS, _absence_row, _csv_bytes
from swvportal.audit.models import AuditEntry

# Differ between two runs by nature: keys, times, correlation id.
VOLATILE = {"id", "object_pk", "object_id", "timestamp", "cid"}


def _opp_row(n: int) -> dict:
    today = timezone.localdate()
    return {
        "leerlingnummer": f"O{n:03d}",
        "geboortejaar": str(today.year - 14),
        "initialen": "C.D." if n % 2 else "",
        "plaatsing": days_ago(60 + n).isoformat(),
        "vastgesteld_op": days_ago(40).isoformat(),
        "instemming_ouders": days_ago(38).isoformat(),
        "gehoord_op": days_ago(45).isoformat(),
        "hoe_gehoord": "gesprek",
        "mening_leerling": "Wil graag meer praktijkvakken.",
        "ondertekend_op": days_ago(38).isoformat(),
        "evaluatie_gepland": (today + datetime.timedelta(days=300)).isoformat(),
        "geevalueerd_op": "",
    }


def _absence_rows() -> list[dict]:
    """New pupils, a new pupil with two registrations, and a known pupil with a new one."""
    rows = [_absence_row(n) for n in range(5)]
    rows.append({**_absence_row(1), "begindatum": days_ago(300).isoformat()})
    rows[-1]["einddatum"] = days_ago(280).isoformat()
    rows.append({**_absence_row(7), "leerlingnummer": "BEKEND", "geboortejaar": "2012"})
    return rows


FILES = {
    "thuiszitters": (AbsenceRegistration, _absence_rows, resources.column_names("thuiszitters")),
    "opp": (OppRegistration, lambda: [_opp_row(n) for n in range(4)], OPP_COLUMNS),
}


def _one_by_one(importer_class):
    """The commit as it was: each new record saved by its service at once, no batch."""

    def create(self, data):
        create_service = (
            services.absence_create if self.model is AbsenceRegistration else services.opp_create
        )
        return create_service(school=self.school, data=data, by=self.by)

    # Not patch.multiple: its own ``create`` argument would take this ``create``.
    patches = contextlib.ExitStack()
    patches.enter_context(mock.patch.object(importer_class, "create", create))
    patches.enter_context(mock.patch.object(importer_class, "finish", lambda self: None))
    return patches


def _outcome(world, kind: str, *, bulk: bool) -> tuple[list, list]:
    """Import the file as the zorgcoördinator would, and read back records and log entries
    (without what differs by nature); everything is rolled back afterwards."""
    model, rows, columns = FILES[kind]
    dataset = resources.read_file(kind, _csv_bytes(rows(), columns), "csv")
    importer_class = resources.RESOURCES[kind]
    with scope(tenant=world.tenant_a), transaction.atomic():
        make_absence(
            world.school_a1, pupil_number="BEKEND", birth_year=2012, start_date=days_ago(5)
        )
        start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        with set_actor(world.user("zorgcoordinator")):
            if bulk:
                report = resources.import_dataset(
                    kind, school=world.school_a1, dataset=dataset, commit=True
                )
            else:
                with _one_by_one(importer_class):
                    report = resources.import_dataset(
                        kind, school=world.school_a1, dataset=dataset, commit=True
                    )
        assert report.committed and report.new == len(rows())
        found = _records(model), _entries(start)
        transaction.set_rollback(True)
    return found


def _records(model) -> list[dict[str, Any]]:
    numbers = dict(Pupil.objects.values_list("pk", "pupil_number"))
    records = []
    for values in model.objects.order_by("pk").values():
        values = {k: v for k, v in values.items() if k not in {"id", "created_at", "updated_at"}}
        values["pupil_id"] = numbers[values["pupil_id"]]
        records.append(values)
    pupils = [
        {k: v for k, v in p.items() if k != "id"} for p in Pupil.objects.order_by("pk").values()
    ]
    return [*pupils, *records]


def _entries(after: int) -> list[dict[str, Any]]:
    entries = []
    for entry in AuditEntry.objects.filter(pk__gt=after).order_by("pk").values():
        entry = {k: v for k, v in entry.items() if k not in VOLATILE}
        # The keys themselves differ; that the entry logs a new key does not.
        entry["changes"] = {
            k: v if k not in ("id", "pupil", "created_at") else [v[0], "…"]
            for k, v in entry["changes"].items()
        }
        entries.append(entry)
    return entries


@pytest.mark.parametrize("kind", FILES)
def test_the_bulk_commit_leaves_the_records_and_log_entries_of_the_services(world, kind):
    bulk_records, bulk_entries = _outcome(world, kind, bulk=True)
    one_records, one_entries = _outcome(world, kind, bulk=False)
    assert bulk_records == one_records
    assert bulk_entries == one_entries
    # Something real was compared: a create entry for every new pupil and record, by the actor.
    _, rows, _ = FILES[kind]
    new_pupils = len({r["leerlingnummer"] for r in rows()} - {"BEKEND"})
    assert len(bulk_entries) == new_pupils + len(rows())
    assert {e["action"] for e in bulk_entries} == {AuditEntry.Action.CREATE}
    assert {e["actor_id"] for e in bulk_entries} == {world.user("zorgcoordinator").pk}
    assert {e["tenant_id"] for e in bulk_entries} == {world.tenant_a.pk}


def test_the_bulk_commit_asks_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    rows = [_absence_row(n) for n in range(60)]
    dataset = resources.read_file("thuiszitters", _csv_bytes(rows), "csv")
    with scope(tenant=world.tenant_a):
        with django_assert_max_num_queries(20):
            report = resources.import_dataset(
                "thuiszitters", school=world.school_a1, dataset=dataset, commit=True
            )
        assert report.committed
        assert AbsenceRegistration.objects.count() == 60
        assert Pupil.objects.count() == 60


def test_a_later_row_meets_the_earlier_rows_of_the_file_as_the_services_would(world):
    """Two open registrations of one new pupil: the second is refused while saving as the
    service refuses it, though the first is not yet in the database."""
    first = {**_absence_row(0), "einddatum": "", "uitkomst": ""}
    second = {**first, "begindatum": days_ago(20).isoformat()}
    dataset = resources.read_file("thuiszitters", _csv_bytes([first, second]), "csv")
    with scope(tenant=world.tenant_a):
        report = resources.import_dataset(
            "thuiszitters", school=world.school_a1, dataset=dataset, commit=True
        )
        assert not report.committed
        assert [e.line for e in report.errors] == [3]
        assert not AbsenceRegistration.objects.exists()
