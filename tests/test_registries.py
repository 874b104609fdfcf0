"""The platform's registries: what each holds for the real apps, and that an app fills them from
its own ``portal.py`` with nothing but an ``INSTALLED_APPS`` entry (and its ``include()``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from swvportal.accounts import permissions
from swvportal.celery import app as celery_app
from swvportal.core import calculations, demo, import_jobs, navigation, pupils, schedule
from swvportal.core.demo import Seeded, Seeder, seeders_in_order
from swvportal.documents import registry as documents
from swvportal.jobs import registry as jobs

CAPABILITIES = [
    "portal.view_home",
    "tenancy.view_schools",
    "accounts.view_members",
    "audit.view_log",
    "jobs.view_job",
    "plans.view_plan",
    "plans.view_draft",
    "plans.change_plan",
    "plans.view_history",
    # The jaarplan (issue 14)
    "plans.view_jaarplan",
    "plans.view_jaarplan_draft",
    "plans.change_jaarplan",
    "plans.update_own_activities",
    "plans.use_calendar_feed",
    "plans.import_jaarplan",
    "referrals.view_pupil_records",
    "referrals.change_pupil_records",
    "referrals.view_access_log",
    "referrals.record_conversation",
    "referrals.change_settings",
    # The Loket (issue 13)
    "monitoring.view_dashboard",
    "monitoring.view_small_counts",
    "monitoring.compute",
    "monitoring.change_catalogue",
    "monitoring.enter_swv",
    "monitoring.report_school",
    "documents.view_plan_pdf",
    "documents.view_draft_pdf",
    "documents.view_monitoring_pdf",
    "documents.create",
    "referrals.view_tlv_requests",
    "referrals.submit_tlv_requests",
    "referrals.handle_tlv_requests",
    "referrals.write_advice",
    "referrals.manage_deskundigen",
    "referrals.record_objections",
    "referrals.view_tlv_register",
    "referrals.record_referrals",
    "referrals.record_future_conversations",
    "referrals.change_loket_settings",
    "referrals.import_tlvs",
    "referrals.view_decision_letters",
    # The begroting and the vangnet (issue 15)
    "finance.view_begroting",
    "finance.view_begroting_draft",
    "finance.change_begroting",
    "finance.record_begroting_approval",
    "finance.view_reports",
    "finance.import_realisation",
    "finance.exchange_begroting",
    "finance.change_settings",
    "finance.view_vangnet",
    "finance.handle_vangnet",
    # The ouder- en jeugdsteunpunt (issue 16)
    "steunpunt.handle_contacts",
    "steunpunt.view_trends",
    "steunpunt.view_feedback",
    "steunpunt.change_settings",
]
# The menu and the home page's cards, in this order.
SECTIONS = [
    "plans:plan_list",
    # The jaarplan (issue 14): Jaarplan, Kwaliteitskalender, Bijeenkomsten
    "jaarplan:jaarplan_list",
    "jaarplan:calendar",
    "jaarplan:meeting_list",
    "finance:begroting_list",  # the begroting (issue 15)
    "monitoring:dashboard",
    "documents:document_list",
    "monitoring:report_overview",
    "referrals:absence_list",
    "referrals:opp_list",
    "referrals:school_overview",
    "loket:request_list",
    "loket:advice_list",
    "loket:register",
    "finance:vangnet",  # the vangnet (issue 15)
    "steunpunt:overview",  # the ouder- en jeugdsteunpunt (issue 16)
    "steunpunt:feedback_list",
    "tenancy:school_list",
    "accounts:member_list",
    "audit:entry_list",
    "jobs:job_list",
]
# In the order they run: the dashboard after every app whose records its computed rows count.
SEEDERS = ["tenancy", "accounts", "plans", "referrals", "finance", "steunpunt", "monitoring"]
BEAT = {
    "jobs-sweep": {"task": "swvportal.jobs.tasks.sweep_jobs", "schedule": crontab(minute="*")},
    "registrations-retention": {
        "task": "swvportal.core.tasks.anonymise_expired_pupil_records",
        "schedule": crontab(hour=2, minute=30),
    },
    "monitoring-nightly": {
        "task": "monitoring.tasks.compute_indicators_nightly",
        "schedule": crontab(hour=3, minute=15),
    },
    # The jaarplan: the weekly e-mail to responsible members
    "jaarplan-weekly-digest": {
        "task": "plans.tasks.send_activity_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Loket, after the decision (aftercare)
    "loket-expiry-notices": {
        "task": "referrals.tasks.send_expiry_notices",
        "schedule": crontab(hour=6, minute=15),
    },
}
# Each calculation with the module of the app that owns its data.
CALCULATIONS = {
    "thuiszitters": "referrals.calculations",
    "volledigheid_registratie": "referrals.calculations",
    "opp_ondertekend": "referrals.calculations",
    "leerlingen_gehoord": "referrals.calculations",
    "opdc_instroom_met_opp": "referrals.calculations",
    "buiten_swv_met_contact": "referrals.calculations",
    "terugkeer_onderwijs": "referrals.calculations",
    # --- Loket, part register ---
    "verwijzingen_cluster_4": "referrals.calculations_loket",
    "verwijzingen_extern": "referrals.calculations_loket",
    "tlvs_geldig": "referrals.calculations_loket",
    "binnen_behandeltermijn": "referrals.calculations_loket",
    "behandelduur_mediaan": "referrals.calculations_loket",
    "bezwaren": "referrals.calculations_loket",
    # --- end of part register ---
    # The jaarplan's bijeenkomsten (issue 14)
    "bijeenkomsten_per_netwerk": "plans.jaarplan.calculations",
    "structurele_overleggen": "plans.jaarplan.calculations",
    # The ouder- en jeugdsteunpunt (issue 16)
    "steunpunt_contacten": "steunpunt.calculations",
    "steunpunt_trends": "steunpunt.calculations",
    "steunpunt_terugkoppeling": "steunpunt.calculations",
}
# Document types and the appendices other apps add to them (from each app's ``pdf.py``).
# jaarplan, jaarplan_evaluatie: issue 14 (registered from the end of plans.pdf, after osp)
DOCUMENT_TYPES = [
    "osp",
    "jaarplan",
    "jaarplan_evaluatie",
    "monitoring",
    "tlv_letter",
    "begroting",
    "vangnet",
]
APPENDICES = {
    "osp": [
        "plans.pdf.bijlage_1",
        "finance.pdf_begroting.bijlage_3",  # Bijlage 3: the begroting (issue 15)
        "monitoring.pdf.bijlage_4",
        "plans.jaarplan.pdf_types.bijlage_jaarplan",  # Bijlage 6: the jaarplan (issue 14)
    ],
    "monitoring": [],
}
# Pupil record types the nightly retention run anonymises, and the imports big files use.
RETENTION_TYPES = [
    "referrals.AbsenceRegistration",
    "referrals.OppRegistration",
    # Loket, part "dossier": the request (its files and free texts go), then the decision.
    "referrals.TlvRequest",
    "referrals.TlvDecision",
    "steunpunt.Contact",  # the steunpunt (issue 16): free texts after the term
]
JOB_KINDS = [
    "documents.render",
    "import.referrals.opp",
    "import.referrals.thuiszitters",
    "monitoring.compute",
]
IMPORT_KINDS = {
    "referrals.thuiszitters": "import.referrals.thuiszitters",
    "referrals.opp": "import.referrals.opp",
}


def test_the_registries_hold_the_entries_of_the_real_apps() -> None:
    assert list(permissions.CAPABILITIES) == CAPABILITIES
    assert set(permissions.RULES) == set(CAPABILITIES)
    assert [s.url_name for s in navigation.SECTIONS] == SECTIONS
    assert [s.name for s in seeders_in_order()] == SEEDERS
    assert schedule.beat_schedule() == BEAT
    assert celery_app.conf.beat_schedule == BEAT  # what beat runs
    assert {n: c.func.__module__ for n, c in calculations.CALCULATIONS.items()} == CALCULATIONS
    assert [t.key for t in documents.all_types()] == DOCUMENT_TYPES
    for key, names in APPENDICES.items():
        assert [a.name for a in documents.appendices_of(key)] == names
    assert [t.label for t in pupils.retention_types()] == RETENTION_TYPES
    assert {k: i.job_kind for k, i in import_jobs.IMPORT_KINDS.items()} == IMPORT_KINDS
    # (tests/jobkinds.py adds kinds of its own when the job tests run first)
    assert (
        sorted(k for k, v in jobs.KINDS.items() if not v.handler.__module__.startswith("tests"))
        == JOB_KINDS
    )
    assert {f"jobs.{kind}" for kind in JOB_KINDS} <= set(celery_app.tasks)  # one task per kind


def test_settings_keep_only_the_platforms_own_periodic_task() -> None:
    assert list(settings.CELERY_BEAT_SCHEDULE) == ["jobs-sweep"]


def test_every_section_is_behind_a_registered_capability() -> None:
    for section in navigation.SECTIONS:
        assert section.capability in permissions.CAPABILITIES, section.url_name
        if section.fuller:
            assert section.fuller[0] in permissions.CAPABILITIES, section.url_name


@pytest.fixture
def restored_registries() -> Iterator[None]:
    """Whatever a test registers is gone afterwards: the other tests see the real apps only."""
    registries = [
        permissions.CAPABILITIES,
        permissions._ORDER,
        permissions.RULES,
        navigation._ORDER,
        demo.SEEDERS,
        schedule.PERIODIC_TASKS,
        calculations.CALCULATIONS,
        documents.TYPES,
        pupils._types,
    ]
    saved = [copy.copy(r) for r in registries]
    sections = list(navigation.SECTIONS)
    appendices = list(documents.APPENDICES)
    yield
    for registry, before in zip(registries, saved, strict=True):
        registry.clear()
        registry.update(before)
    navigation.SECTIONS[:] = sections
    documents.APPENDICES[:] = appendices
    celery_app.conf.beat_schedule = schedule.beat_schedule()


def test_an_app_fills_every_registry_from_its_own_portal_module(restored_registries) -> None:
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.registry_app"]):
        capabilities = list(permissions.CAPABILITIES)
        # order 85: after monitoring's rows, before the documents'
        assert capabilities.index("registry_app.view_things") == CAPABILITIES.index(
            "documents.view_plan_pdf"
        )
        assert permissions.CAPABILITIES["registry_app.view_things"].roles == {"bestuurder"}
        sections = [s.url_name for s in navigation.SECTIONS]
        # order 45: right after Schoolrapportage (40)
        assert sections.index("registry_app:thing_list") == (
            sections.index("monitoring:report_overview") + 1
        )
        assert [s.name for s in seeders_in_order()][-2:] == ["monitoring", "registry_app"]
        assert celery_app.conf.beat_schedule["registry-app-nightly"] == {
            "task": "registry_app.tasks.nightly",
            "schedule": crontab(hour=4),
        }
        assert calculations.CALCULATIONS["dingen"].label == "Dingen op de peildatum"
        assert documents.get("registry_app.things").label == "Dingenoverzicht"
        assert [a.name for a in documents.appendices_of("osp")][-1] == (
            "tests.registry_app.pdf.bijlage_dingen"
        )
        assert [t.label for t in pupils.retention_types()][-1] == "registry_app.ThingRecord"
    assert "registry_app.view_things" not in CAPABILITIES  # the test's own list is untouched


def test_the_table_keeps_its_order_and_refuses_a_different_row_under_a_known_name(
    restored_registries,
) -> None:
    row = permissions.Capability.of("aaa.first", "Als eerste", "bestuurder")
    permissions.register_capabilities(row, order=0)
    permissions.register_capabilities(row, order=0)  # twice (a module imported again): harmless
    assert list(permissions.CAPABILITIES)[:2] == ["aaa.first", "portal.view_home"]
    changed = permissions.Capability.of("aaa.first", "Als eerste", "bestuurder", "loket")
    with pytest.raises(ImproperlyConfigured, match=r"aaa\.first"):
        permissions.register_capabilities(changed, order=0)


def test_a_section_url_cannot_be_registered_twice_differently(restored_registries) -> None:
    section = navigation.SECTIONS[0]
    navigation.register_section(section, order=10)  # the same again: harmless
    assert navigation.SECTIONS.count(section) == 1
    with pytest.raises(ImproperlyConfigured, match="plans:plan_list"):
        navigation.register_section(section, order=99)


def test_a_periodic_task_cannot_take_the_name_of_the_platforms_own() -> None:
    with pytest.raises(ImproperlyConfigured, match="jobs-sweep"):
        schedule.register_periodic_task("jobs-sweep", "x.tasks.y", crontab())


def _seeders(**after: tuple[str, ...]) -> dict[str, Seeder]:
    return {name: Seeder(name, lambda tenant: Seeded(), deps) for name, deps in after.items()}


def test_seeders_run_after_their_dependencies_and_otherwise_in_registration_order() -> None:
    found = seeders_in_order(_seeders(d=("b", "c"), a=(), b=("a",), c=(), e=()))
    assert [s.name for s in found] == ["a", "b", "c", "d", "e"]


def test_a_missing_dependency_or_a_cycle_of_seeders_is_an_error_that_names_them() -> None:
    with pytest.raises(ImproperlyConfigured, match="'a' hangt af van 'x'"):
        seeders_in_order(_seeders(a=("x",)))
    with pytest.raises(ImproperlyConfigured, match=r"kring.*: a, b\."):
        seeders_in_order(_seeders(a=("b",), b=("a",), c=()))
