"""Pupil-record pages: per-school reach, one access-log entry per read, forms, bounded queries."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals import services
from referrals.models import AbsenceRegistration, OppRegistration
from swvportal.audit.models import AuditEntry
from tests.urlcrawl import all_routes

TODAY = datetime.date.today()


def _absence(school, number, **extra):
    data = {
        "pupil_number": number,
        "birth_year": 2011,
        "kind": "absoluut",
        "start_date": TODAY - datetime.timedelta(days=40),
        **extra,
    }
    with scope(tenant=school.tenant):
        return services.absence_create(school=school, data=data)


def _opp(school, number, **extra):
    data = {
        "pupil_number": number,
        "birth_year": 2012,
        "placement_date": TODAY - datetime.timedelta(days=60),
        **extra,
    }
    with scope(tenant=school.tenant):
        return services.opp_create(school=school, data=data)


def _url(name, world, **kwargs):
    return reverse(f"referrals:{name}", kwargs={"tenant_code": world.tenant_a.code, **kwargs})


def _reads():
    with scopes_disabled():
        return AuditEntry.objects.filter(action=LogEntry.Action.ACCESS).count()


@pytest.fixture
def records(world):
    return {
        "a1": _absence(world.school_a1, "A1-001"),
        "a2": _absence(world.school_a2, "A2-001"),
        "opp_a1": _opp(world.school_a1, "A1-002"),
        "opp_a2": _opp(world.school_a2, "A2-002"),
    }


# --- Reach: a zorgcoördinator of school A1 -------------------------------------------------


def test_a_zorgcoordinator_lists_and_counts_only_their_own_school(world, login, records):
    client = login(world.user("zorgcoordinator"))
    for name, own, other in [
        ("absence_list", "A1-001", "A2-001"),
        ("opp_list", "A1-002", "A2-002"),
    ]:
        response = client.get(_url(name, world))
        body = response.content.decode()
        assert own in body and other not in body
        assert response.context["table"].paginator.count == 1
        # Even asking for the other school by filter shows nothing of it.
        filtered = client.get(_url(name, world) + f"?school={world.school_a2.pk}")
        assert other not in filtered.content.decode()


def test_a_zorgcoordinator_cannot_open_or_change_another_schools_records(world, login, records):
    client = login(world.user("zorgcoordinator"))
    a2, opp_a2 = records["a2"], records["opp_a2"]
    for name, kwargs in [
        ("absence_detail", {"absence_id": a2.pk}),
        ("absence_edit", {"absence_id": a2.pk}),
        ("absence_close", {"absence_id": a2.pk}),
        ("opp_detail", {"opp_id": opp_a2.pk}),
        ("opp_edit", {"opp_id": opp_a2.pk}),
    ]:
        assert client.get(_url(name, world, **kwargs)).status_code == 404, name
        if not name.endswith("_detail"):  # detail pages take no POST at all
            assert client.post(_url(name, world, **kwargs), {"revision": 1}).status_code == 404
    with scope(tenant=world.tenant_a):
        assert AbsenceRegistration.objects.get(pk=a2.pk).end_date is None


def test_a_zorgcoordinator_cannot_register_for_another_school(world, login):
    client = login(world.user("zorgcoordinator"))
    response = client.post(
        _url("absence_create", world),
        {
            "school": world.school_a2.pk,
            "pupil_number": "X-1",
            "birth_year": 2011,
            "kind": "absoluut",
            "start_date": "01-09-2026",
        },
    )
    assert response.status_code == 422
    assert "school" in response.context["form"].errors
    with scope(tenant=world.tenant_a):
        assert not AbsenceRegistration.objects.exists()


def test_the_school_overview_of_a_zorgcoordinator_shows_their_school_only(world, login, records):
    rows = login(world.user("zorgcoordinator")).get(_url("school_overview", world)).context["rows"]
    assert [row.school for row in rows] == [world.school_a1]


PUPIL_ROUTES = [r for r in all_routes() if r.name.startswith("referrals:")]


@pytest.mark.parametrize("role", ["toezicht", "inspectie", "loket"])
def test_roles_without_pupil_data_get_403_on_every_pupil_url(world, login, records, role):
    client = login(world.user(role))
    values = {
        "absence_id": records["a1"].pk,
        "opp_id": records["opp_a1"].pk,
        "school_id": world.school_a1.pk,
        "tenant_code": world.tenant_a.code,
    }
    assert PUPIL_ROUTES
    for route in PUPIL_ROUTES:
        url = reverse(route.name, kwargs={p: values[p] for p in route.params})
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 403, (role, method, url)


# --- The access log ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "absence_list",
        "opp_list",
        "absence_detail",
        "absence_edit",
        "absence_close",
        "opp_detail",
        "opp_edit",
        "absence_log",
        "opp_log",
    ],
)
def test_each_pupil_data_view_writes_exactly_one_access_entry(world, login, records, page):
    client = login(world.user("bestuurder"))
    kwargs = (
        {"absence_id": records["a1"].pk}
        if page.startswith("absence_") and not page.endswith("list")
        else {"opp_id": records["opp_a1"].pk}
        if page.startswith("opp_") and not page.endswith("list")
        else {}
    )
    before = _reads()
    assert client.get(_url(page, world, **kwargs)).status_code == 200
    assert _reads() == before + 1
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.actor == world.user("bestuurder") and entry.tenant_id == world.tenant_a.pk


def test_the_bestuurder_reads_who_saw_a_record(world, login, records):
    login(world.user("zorgcoordinator")).get(
        _url("absence_detail", world, absence_id=records["a1"].pk)
    )
    page = login(world.user("bestuurder")).get(
        _url("absence_log", world, absence_id=records["a1"].pk)
    )
    rows = list(page.context["table"].data)
    assert any(
        r.actor == world.user("zorgcoordinator") and r.action == LogEntry.Action.ACCESS
        for r in rows
    )
    assert any(r.action == LogEntry.Action.CREATE for r in rows)


def test_a_list_read_records_the_number_of_rows_and_the_filter(world, login, records):
    login(world.user("bestuurder")).get(_url("absence_list", world) + "?kind=absoluut")
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data["count"] == 2
    assert entry.additional_data["filters"] == {"kind": "absoluut"}


# --- Forms ----------------------------------------------------------------------------------


def test_registering_editing_and_closing_a_thuiszitter(world, login):
    client = login(world.user("zorgcoordinator"))
    response = client.post(
        _url("absence_create", world),
        {
            "school": world.school_a1.pk,
            "pupil_number": "2025-0042",
            "birth_year": 2011,
            "kind": "relatief",
            "start_date": (TODAY - datetime.timedelta(days=30)).strftime("%d-%m-%Y"),
            "reason_category": "psychisch",
            "partners": ["leerplicht", "jeugdhulp"],
            "plan": "Rustig opbouwen.",
            "last_contact_date": TODAY.strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 302
    with scope(tenant=world.tenant_a):
        registration = AbsenceRegistration.objects.get()
    assert registration.partners == ["leerplicht", "jeugdhulp"]
    assert registration.counts_as_thuiszitter()  # 30 days of relatief verzuim
    refused = client.post(
        _url("absence_close", world, absence_id=registration.pk),
        {"revision": 1, "end_date": TODAY.strftime("%d-%m-%Y"), "outcome": ""},
    )
    assert refused.status_code == 422
    closed = client.post(
        _url("absence_close", world, absence_id=registration.pk),
        {"revision": 1, "end_date": TODAY.strftime("%d-%m-%Y"), "outcome": "eigen_school"},
    )
    assert closed.status_code == 302
    with scope(tenant=world.tenant_a):
        registration.refresh_from_db()
    assert registration.end_date == TODAY and registration.outcome == "eigen_school"


def test_a_second_open_registration_is_refused_with_a_dutch_message(world, login, records):
    response = login(world.user("bestuurder")).post(
        _url("absence_create", world),
        {
            "school": world.school_a1.pk,
            "pupil_number": "A1-001",
            "birth_year": 2011,
            "kind": "absoluut",
            "start_date": TODAY.strftime("%d-%m-%Y"),
        },
    )
    assert response.status_code == 422
    assert "al een open registratie" in response.content.decode()


def test_a_stale_edit_is_refused(world, login, records):
    client = login(world.user("bestuurder"))
    url = _url("opp_edit", world, opp_id=records["opp_a1"].pk)
    placement = (TODAY - datetime.timedelta(days=60)).strftime("%d-%m-%Y")
    assert (
        client.post(
            url, {"revision": 1, "placement_date": placement, "set_on": TODAY.strftime("%d-%m-%Y")}
        ).status_code
        == 302
    )
    stale = client.post(url, {"revision": 1, "placement_date": placement})
    assert (
        stale.status_code == 422
        and "intussen door iemand anders gewijzigd" in stale.content.decode()
    )
    with scope(tenant=world.tenant_a):
        assert OppRegistration.objects.get(pk=records["opp_a1"].pk).set_on == TODAY


TEXT = st.text(max_size=30)
FIELDS = st.fixed_dictionaries(
    {
        "school": st.one_of(st.just("1"), TEXT),
        "pupil_number": TEXT,
        "birth_year": st.one_of(TEXT, st.integers(-5, 3000).map(str)),
        "kind": st.one_of(
            st.sampled_from(["absoluut", "relatief", "vrijstelling", "geoorloofd"]), TEXT
        ),
        "start_date": st.one_of(TEXT, st.dates().map(lambda d: d.strftime("%d-%m-%Y"))),
        "reason_category": TEXT,
        "partners": st.lists(TEXT, max_size=3),
        "plan": TEXT,
        "legal_ground": TEXT,
        "last_contact_date": TEXT,
    }
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=FIELDS)
def test_fuzzed_registration_forms_never_500_and_never_save_half(world, login, data):
    client = login(world.user("zorgcoordinator"))
    if data["school"] == "1":
        data["school"] = str(world.school_a1.pk)
    response = client.post(_url("absence_create", world), data)
    assert response.status_code in (302, 400, 422)  # 400: a NUL byte, refused at the edge
    with scope(tenant=world.tenant_a):
        if response.status_code != 302:
            assert not AbsenceRegistration.objects.exists()
        AbsenceRegistration.objects.all().delete()


# --- Bounded queries -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["absence_list", "opp_list", "school_overview"])
def test_list_pages_run_a_fixed_number_of_queries(
    world, login, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.user("bestuurder"))
    for i in range(3):
        _absence(world.school_a1, f"S-{i}")
        _opp(world.school_a2, f"O-{i}")
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(page, world)).status_code == 200
    for i in range(3, 60):
        _absence(world.school_a1 if i % 2 else world.school_a2, f"S-{i}")
        _opp(world.school_a2, f"O-{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_url(page, world)).status_code == 200


def test_the_bestuurder_sets_required_fields_and_retention(world, login, records):
    client = login(world.user("bestuurder"))
    assert client.get(_url("settings", world)).status_code == 200
    refused = client.post(
        _url("settings", world), {"required_fields": ["plan"], "retention_years": 0}
    )
    assert refused.status_code == 422
    saved = client.post(
        _url("settings", world), {"required_fields": ["plan"], "retention_years": 5}
    )
    assert saved.status_code == 302
    with scope(tenant=world.tenant_a):
        current = services.registration_settings(world.tenant_a)
        assert (current.required_fields, current.retention_years) == (["plan"], 5)
    # A registration without a plan is now incomplete; partners no longer matter.
    rows = {r.school: r for r in client.get(_url("school_overview", world)).context["rows"]}
    assert rows[world.school_a1].completeness == 0
    assert client.post(_url("settings", world), {"retention_years": 2}).status_code == 302
    rows = {r.school: r for r in client.get(_url("school_overview", world)).context["rows"]}
    assert rows[world.school_a1].completeness == 100


def test_the_tenant_log_names_changes_to_pupil_data_without_showing_them(world, login, records):
    with scope(tenant=world.tenant_a):
        services.absence_update(
            registration=records["a1"],
            revision=1,
            data={"plan": "Gesprek met ouders en leerplicht."},
        )
    page = (
        login(world.user("bestuurder"))
        .get(reverse("audit:entry_list", kwargs={"tenant_code": world.tenant_a.code}))
        .content.decode()
    )
    assert "plan van aanpak" in page and "(leerlinggegevens)" in page
    assert "Gesprek met ouders" not in page and "A1-001" not in page
    # The record's own access log shows the contents, and logs that it was read.
    before = _reads()
    log = (
        login(world.user("bestuurder"))
        .get(_url("absence_log", world, absence_id=records["a1"].pk))
        .content.decode()
    )
    assert "Gesprek met ouders en leerplicht." in log
    assert _reads() == before + 1
