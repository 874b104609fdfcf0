"""Migration 0002: every document keeps its plan (now its subject), and back again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("documents", "0001_issued_documents")]
AFTER = [("documents", "0004_remove_plan_from_documents")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _document(IssuedDocument, tenant, plan, *, archived: bool, name: str):
    return IssuedDocument.objects.create(
        tenant=tenant,
        kind="osp",
        plan=plan,
        title=name,
        filename=f"{name}.pdf",
        file=f"documenten/VOA001/{name}.pdf",
        sha256="0" * 64,
        size=1,
        archived=archived,
    )


@pytest.mark.django_db(transaction=True)
def test_existing_documents_keep_their_plan_as_their_subject_and_back():
    old = _migrate(BEFORE)
    Tenant, Plan = old.get_model("tenancy", "Tenant"), old.get_model("plans", "Plan")
    IssuedDocument = old.get_model("documents", "IssuedDocument")
    tenant = Tenant.objects.create(code="VOM001", name="Migratie", sector="VO")
    adopted = Plan.objects.create(tenant=tenant, title="Plan", period_start=2026)
    concept = Plan.objects.create(tenant=tenant, title="Plan", period_start=2026, version_minor=1)
    archive = _document(IssuedDocument, tenant, adopted, archived=True, name="archief")
    draft = _document(IssuedDocument, tenant, concept, archived=False, name="concept")
    report = IssuedDocument.objects.create(
        tenant=tenant,
        kind="monitoring",
        peildatum="2026-10-01",
        title="rapport",
        filename="r.pdf",
        file="documenten/VOA001/r.pdf",
        sha256="1" * 64,
        size=1,
    )
    try:
        new = _migrate(AFTER)
        rows = new.get_model("documents", "IssuedDocument").objects
        plan_type = new.get_model("contenttypes", "ContentType").objects.get(
            app_label="plans", model="plan"
        )
        moved = {d.pk: (d.subject_type_id, d.subject_id, d.archived) for d in rows.all()}
        assert moved == {
            archive.pk: (plan_type.pk, adopted.pk, True),
            draft.pk: (plan_type.pk, concept.pk, False),
            report.pk: (None, None, False),
        }
        back = _migrate(BEFORE).get_model("documents", "IssuedDocument").objects
        assert {d.pk: d.plan_id for d in back.all()} == {
            archive.pk: adopted.pk,
            draft.pk: concept.pk,
            report.pk: None,
        }
    finally:
        _migrate(_leaves())


def _leaves():
    """Every app at its newest migration again, for the tests after this one."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
