"""The dashboard pages as each role sees them: figures, suppression, input forms and the job."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from monitoring import services
from monitoring.models import Indicator, Measurement, SchoolReport, SwvEntry
from referrals.models import AbsenceRegistration as Absence
from referrals.models import OppRegistration as Opp
from referrals.models import Pupil
from referrals.tests.factories import make_absence
from swvportal.jobs.models import Job
from swvportal.tenancy.models import School
from tests.conftest import eager_tasks  # noqa: F401  (fixture)

PEILDATUM = datetime.date(2026, 10, 1)


def _indicator(tenant, **fields) -> Indicator:
    data = {
        "pillar_number": 1,
        "text": "Aantal thuiszitters",
        "norm_text": "Dalende trend",
        "norm_kind": "trend",
        "norm_direction": "dalend",
        "frequency": "2x per jaar",
        "source": "berekend",
        "calculation": "thuiszitters",
        "unit": "aantal",
    }
    data.update(fields)
    return services.indicator_save(tenant=tenant, data=data)


@pytest.fixture
def dashboard_a(world):
    """Tenant A: three thuiszitters at school A1 (a small count) and a school indicator."""
    with scope(tenant=world.tenant_a):
        count = _indicator(world.tenant_a)
        school = _indicator(
            world.tenant_a,
            text="Scholen hebben een pedagogische visie",
            norm_text="100% in 2028",
            norm_kind="percentage",
            norm_minimum=Decimal(100),
            norm_target_year=2027,
            frequency="jaarlijks",
            source="school",
            answer_kind="ja/nee",
            unit="%",
            calculation="",
            norm_direction="",
        )
        numbers = []
        for _ in range(3):
            record = make_absence(
                world.school_a1, kind="absoluut", start_date=datetime.date(2026, 9, 1)
            )
            numbers.append(record.pupil.pupil_number)
        services.school_report_save(
            tenant=world.tenant_a,
            school=world.school_a1,
            school_year=2026,
            answers={school.pk: (Decimal(1), "")},
        )
        services.indicators_compute(tenant=world.tenant_a, peildatum=PEILDATUM)
    return {"count": count, "school": school, "pupil_numbers": numbers}


def _url(name: str, **kwargs) -> str:
    return reverse(f"monitoring:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def _dashboard(client, **params) -> str:
    response = client.get(_url("dashboard"), {"peildatum": PEILDATUM.isoformat(), **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_bestuurder_sees_the_figure_its_norm_and_status_in_words(world, login, dashboard_a):
    page = _dashboard(login(world.user("bestuurder")))
    assert "Aantal thuiszitters" in page and "Dalende trend" in page
    assert '<td class="metric-value">3</td>' in page
    assert "geen gegevens" in page  # a trend needs three peildata
    assert "100%" in page and "behaald" in page  # the school indicator: 1 of 1 school said ja
    assert "1 school rapporteerde niet" in page  # Alfa Lyceum


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_toezicht_and_inspectie_do_not_see_small_counts(world, login, dashboard_a, role):
    client = login(world.user(role))
    page = _dashboard(client)
    assert '<td class="metric-value">niet getoond</td>' in page
    assert '<td class="metric-value">3</td>' not in page
    detail = client.get(_url("indicator_detail", indicator_id=dashboard_a["count"].pk))
    body = detail.content.decode()
    assert detail.status_code == 200 and "niet getoond (kleine aantallen)" in body
    assert ">3<" not in body.split('id="stand"')[1].split("</section>")[0]


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_no_pupil_level_data_reaches_toezicht_in_any_page_or_export(
    world, login, dashboard_a, role
):
    client = login(world.user(role))
    bodies = [
        _dashboard(client),
        client.get(_url("indicator_detail", indicator_id=dashboard_a["count"].pk)).content,
        client.get(_url("indicator_detail", indicator_id=dashboard_a["school"].pk)).content,
    ]
    export = client.get(_url("dashboard_export"), {"peildatum": PEILDATUM.isoformat()})
    cells = [
        str(c.value)
        for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows()
        for c in row
    ]
    text = " ".join(b if isinstance(b, str) else b.decode() for b in bodies) + " ".join(cells)
    for number in dashboard_a["pupil_numbers"]:
        assert number not in text
    assert "niet getoond" in cells


def test_the_xlsx_export_lists_every_indicator_with_value_and_status(world, login, dashboard_a):
    response = login(world.user("bestuurder")).get(
        _url("dashboard_export"), {"peildatum": PEILDATUM.isoformat()}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == ("Pijler", "Ontwikkeldoel", "Kernindicator", "Norm", "Waarde", "Status")
    by_text = {row[2]: row for row in rows[1:]}
    assert by_text["Aantal thuiszitters"][4] == "3"
    assert by_text["Scholen hebben een pedagogische visie"][4:6] == ("100%", "behaald")


def test_the_peildatum_picker_swaps_only_the_dashboard_with_htmx(world, login, dashboard_a):
    client = login(world.user("bestuurder"))
    response = client.get(
        _url("dashboard"),
        {"peildatum": "2026-03-01"},
        headers={"HX-Request": "true", "HX-Target": "dashboard"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="dashboard">')
    assert "Peildatum 1 maart 2026" in body
    assert '<td class="metric-value">geen gegevens</td>' in body  # nothing measured then


def test_the_per_school_breakdown_lists_schools_without_a_figure(world, login, dashboard_a):
    page = (
        login(world.user("bestuurder"))
        .get(_url("indicator_detail", indicator_id=dashboard_a["school"].pk))
        .content.decode()
    )
    breakdown = page.split('id="per-school"')[1]
    assert "Alfa College" in breakdown and "Alfa Lyceum" in breakdown
    assert "geen gegevens" in breakdown  # Alfa Lyceum has not reported


def test_herbereken_nu_starts_one_job_and_shows_its_progress(
    world,
    login,
    dashboard_a,
    django_capture_on_commit_callbacks,
    eager_tasks,  # noqa: F811
):
    from monitoring.tests.factories import adopted_plan

    adopted_plan(world.tenant_a, 2026)  # PEILDATUM is one of its peildata
    client = login(world.user("bestuurder"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("compute"), {"peildatum": PEILDATUM.isoformat()}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert 'id="job-status"' in response.content.decode()
    with scopes_disabled():
        job = Job.objects.get(kind="monitoring.compute")
        assert job.params == {"peildatum": "2026-10-01", "voorlopig": False}
        assert job.status == Job.Status.DONE


def test_herbereken_nu_refuses_a_date_in_the_future(world, login, dashboard_a):
    client = login(world.user("bestuurder"))
    response = client.post(_url("compute"), {"peildatum": "2999-10-01"}, follow=True)
    assert "in de toekomst" in response.content.decode()
    with scopes_disabled():
        assert not Job.objects.filter(kind="monitoring.compute").exists()


def test_a_zorgcoordinator_reports_for_own_school_only(world, login, dashboard_a):
    client = login(world.user("zorgcoordinator"))
    school_indicator = dashboard_a["school"]
    own = _url("school_report", school_id=world.school_a1.pk) + "?schooljaar=2025"
    response = client.post(own, {f"indicator_{school_indicator.pk}": "0"})
    assert response.status_code == 302
    with scopes_disabled():
        report = SchoolReport.objects.get(school=world.school_a1, school_year=2025)
        assert report.answers.get().value == 0
    page = client.get(own).content.decode()  # the saved answer is shown checked
    assert (
        'value="0" required id="id_indicator' in page
        and "checked" in page.split('value="0"')[1][:80]
    )
    other = _url("school_report", school_id=world.school_a2.pk)
    assert client.get(other).status_code == 404
    assert client.post(other, {f"indicator_{school_indicator.pk}": "1"}).status_code == 404


def test_a_report_with_a_missing_answer_is_refused_in_dutch_and_saves_nothing(
    world, login, dashboard_a
):
    client = login(world.user("zorgcoordinator"))
    url = _url("school_report", school_id=world.school_a1.pk) + "?schooljaar=2024"
    response = client.post(url, {})
    assert response.status_code == 422
    assert "Dit veld is verplicht" in response.content.decode()
    with scopes_disabled():
        assert not SchoolReport.objects.filter(school_year=2024).exists()


def test_the_report_overview_shows_missing_reports(world, login, dashboard_a):
    page = login(world.user("bestuurder")).get(_url("report_overview") + "?schooljaar=2026")
    body = page.content.decode()
    assert "1 van 2 scholen heeft nog niet gerapporteerd" in body
    assert "ontbreekt" in body


def test_the_bestuurder_enters_swv_figures_and_bad_ones_are_refused(world, login):
    with scope(tenant=world.tenant_a):
        score = _indicator(
            world.tenant_a,
            text="Tevredenheid deelnemers",
            norm_text="≥ 7",
            norm_kind="score",
            norm_minimum=Decimal(7),
            norm_direction="",
            frequency="jaarlijks",
            source="swv",
            calculation="",
            unit="score",
        )
    client = login(world.user("bestuurder"))
    url = _url("swv_entries") + "?schooljaar=2025"
    bad = client.post(url, {f"indicator_{score.pk}": "11"})
    assert bad.status_code == 422
    assert "hoogstens 10" in bad.content.decode()
    assert client.post(url, {f"indicator_{score.pk}": "7.4"}).status_code == 302
    with scopes_disabled():
        assert SwvEntry.objects.get(indicator=score).value == Decimal("7.4")
    assert 'value="7.4"' in client.get(url).content.decode()


def test_a_new_indicator_with_an_incomplete_norm_is_refused_in_dutch(world, login):
    client = login(world.user("bestuurder"))
    data = {
        "pillar_number": 1,
        "text": "Nieuwe indicator",
        "norm_text": "minimaal 90%",
        "norm_kind": "percentage",
        "frequency": "jaarlijks",
        "source": "swv",
        "unit": "%",
        "is_active": "on",
    }
    response = client.post(_url("indicator_create"), data)
    assert response.status_code == 422
    assert "heeft een minimum nodig" in response.content.decode()
    response = client.post(_url("indicator_create"), {**data, "norm_minimum": "90"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Indicator.objects.get(text="Nieuwe indicator").norm_minimum == 90


def test_the_plan_shows_each_doel_with_its_indicators_and_links_to_them(world, login):
    import json

    from monitoring.demo import CATALOGUE
    from pillars.models import Pillar
    from plans.demo import seed_plan

    with scope(tenant=world.tenant_a):
        plan = seed_plan(world.tenant_a)
        services.catalogue_load(
            tenant=world.tenant_a, document=json.loads(CATALOGUE.read_text()), plan=plan
        )
        pillar = Pillar.objects.get(plan=plan, position=1)
        thuiszitters = Indicator.objects.get(text__startswith="Aantal thuiszitters")
    url = reverse(
        "plans:pillar_read",
        kwargs={"tenant_code": "VOA001", "plan_id": plan.pk, "item_id": pillar.pk},
    )
    link = _url("indicator_detail", indicator_id=thuiszitters.pk)
    page = login(world.user("bestuurder")).get(url).content.decode()
    assert "Indicatoren op het dashboard" in page and link in page
    assert "geen gegevens" in page
    page = login(world.user("loket")).get(url).content.decode()  # no dashboard: no figures
    assert "Aantal thuiszitters + gemiddelde duur" not in page and link not in page
    detail = login(world.user("bestuurder")).get(link).content.decode()
    assert f"#goal-{thuiszitters.goal_uid}" not in detail  # links by the goal's id, not its uid
    assert "Voorkomen van (ongeoorloofd) thuiszitten" in detail


def _grow(world, schools: int, absences: int) -> None:
    from swvportal.tenancy.tests.factories import SchoolFactory

    with scopes_disabled():
        new = SchoolFactory.create_batch(schools, tenant=world.tenant_a)
    with scope(tenant=world.tenant_a):
        for i in range(absences):
            make_absence(new[i % schools], kind="absoluut", start_date=datetime.date(2026, 9, 1))
        for day in (datetime.date(2025, 10, 1), datetime.date(2026, 3, 1), PEILDATUM):
            services.indicators_compute(tenant=world.tenant_a, peildatum=day)


@pytest.mark.parametrize("page", ["dashboard", "indicator_detail", "dashboard_export"])
def test_dashboard_queries_do_not_grow_with_ten_times_the_data(
    world, login, dashboard_a, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.user("bestuurder"))
    kwargs = {"indicator_id": dashboard_a["count"].pk} if page == "indicator_detail" else {}
    url = _url(page, **kwargs) + f"?peildatum={PEILDATUM.isoformat()}"
    _grow(world, schools=2, absences=8)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    with scopes_disabled():
        before = Measurement.objects.filter(tenant=world.tenant_a).count()
    _grow(world, schools=20, absences=80)
    with scopes_disabled():  # one more figure per new school, at least
        assert Measurement.objects.filter(tenant=world.tenant_a).count() >= before + 20
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_dashboard_of_the_demo_data_and_ten_times_as_much_runs_the_same_queries(
    world, login, django_assert_max_num_queries
):
    """The demo tenant's data (schools, plan, registrations, three years of figures), then
    nine more copies of every registration at nine times as many schools, recomputed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.demo import past_peildata, seed_monitoring
    from plans.demo import seed_plan
    from referrals.demo import seed_registrations
    from swvportal.tenancy.demo import seed_schools
    from swvportal.tenancy.tests.factories import SchoolFactory

    tenant = world.tenant_a
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_plan(tenant)
        seed_registrations(tenant)
        seed_monitoring(tenant)
    client = login(world.user("bestuurder"))
    url = _url("dashboard")
    with CaptureQueriesContext(connection) as demo:
        assert client.get(url).status_code == 200

    with scope(tenant=tenant):
        schools = list(School.objects.filter(tenant=tenant))
        before = {m: m.objects.filter(tenant=tenant).count() for m in (Absence, Opp)}
        copies = SchoolFactory.create_batch(9 * len(schools), tenant=tenant)
        for model in (Absence, Opp):
            _copy_nine_times(tenant, model, schools, copies)
        assert {m: m.objects.filter(tenant=tenant).count() for m in before} == {
            m: 10 * n for m, n in before.items()
        }
        for day in past_peildata(timezone.localdate(), 3):
            services.indicators_compute(tenant=tenant, peildatum=day, only_due=True)
    with django_assert_max_num_queries(len(demo.captured_queries)):
        assert client.get(url).status_code == 200


def _copy_nine_times(tenant, model, schools, copies) -> None:
    """Nine copies of every record of ``model``, each for a new pupil at a new school."""
    originals = list(model.objects.filter(tenant=tenant))
    fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
    for copy in range(9):
        pupils = Pupil.objects.bulk_create(
            Pupil(
                tenant=tenant,
                school=copies[copy * len(schools) + schools.index(record.school)],
                pupil_number=f"{model.__name__}-{copy}-{record.pk}",
                birth_year=record.pupil.birth_year,
            )
            for record in originals
        )
        clones = []
        for record, pupil in zip(originals, pupils, strict=True):
            data = {name: getattr(record, name) for name in fields}
            data.update(pupil_id=pupil.pk, school_id=pupil.school_id)
            clones.append(model(**data))
        model.objects.bulk_create(clones)


def test_the_bestuurder_sets_the_peildata_and_a_bad_date_changes_nothing(world, login):
    client = login(world.user("bestuurder"))
    url = _url("settings")
    assert 'value="1-10, 1-3"' in client.get(url).content.decode()  # the defaults
    bad = client.post(url, {"peildata_twice": "1-10, 31-2", "peildata_yearly": "1-10, 1-3"})
    body = bad.content.decode()
    assert bad.status_code == 422
    assert "&#x27;31-2&#x27; is geen datum" in body and "Vul precies één datum in" in body
    with scope(tenant=world.tenant_a):
        assert services.monitoring_settings(world.tenant_a).peildata_twice == [[10, 1], [3, 1]]
    assert (
        client.post(url, {"peildata_twice": "15-9, 15-2", "peildata_yearly": "15-9"}).status_code
        == 302
    )
    with scope(tenant=world.tenant_a):
        found = services.monitoring_settings(world.tenant_a)
    assert (found.peildata_twice, found.peildata_yearly) == ([[9, 15], [2, 15]], [[9, 15]])


def _measurement(value, records, details=None) -> Measurement:
    return Measurement(value=Decimal(value), records=records, details=details or {})


def test_a_small_count_cannot_be_worked_out_by_subtraction_in_the_breakdown(world):
    from monitoring import display

    with scope(tenant=world.tenant_a):
        count = _indicator(world.tenant_a)
    thuiszitters = _measurement(
        23,
        30,
        {"per_soort": {"absoluut": 3, "relatief": 20}, "vrijstellingen": 7, "geoorloofd": 0},
    )
    rows = dict(display.detail_rows(count, thuiszitters, suppress=True))
    assert rows["per soort · absoluut verzuim"] == rows["per soort · langdurig relatief verzuim"]
    assert rows["per soort · langdurig relatief verzuim"] == display.HIDDEN
    assert rows["vrijstellingen (apart geteld)"] == "7"
    assert (
        dict(display.detail_rows(count, thuiszitters, suppress=False))[
            "per soort · absoluut verzuim"
        ]
        == "3"
    )
    signed = _measurement(3, 100, {"teller": 3, "noemer": 100})
    rows = dict(display.detail_rows(count, signed, suppress=True))
    assert (rows["voldoet"], rows["geteld"]) == (display.HIDDEN, "100")  # 100: no small count


def test_one_small_school_is_hidden_together_with_the_next_smallest(world):
    from monitoring import display

    with scope(tenant=world.tenant_a):
        count = _indicator(world.tenant_a)
    tenant = _measurement(23, 23)
    figures = {1: _measurement(3, 3), 2: _measurement(8, 8), 3: _measurement(12, 12), 4: None}

    def hidden(suppress: bool) -> set[int]:
        found = display.schools_hidden(count, tenant, figures, suppress=suppress)
        return {school for school, cells in found.items() if "value" in cells}

    assert hidden(True) == {1, 2}
    assert hidden(False) == set()
    figures[2] = _measurement(4, 4)
    assert hidden(True) == {1, 2}


def test_the_dashboard_names_only_an_adopted_plans_pijlers(world, login, dashboard_a):
    from plans.demo import seed_plan
    from plans.models import Plan

    with scope(tenant=world.tenant_a):
        plan = seed_plan(world.tenant_a)
    page = _dashboard(login(world.user("toezicht")))
    assert "Pijler 1: Leren binnen scholen" in page
    with scopes_disabled():  # the same plan as a concept: toezicht never sees a concept
        Plan.objects.filter(pk=plan.pk).update(status="concept")
    page = _dashboard(login(world.user("toezicht")))
    assert "Leren binnen scholen" not in page and "Pijler 1" in page


def test_reading_the_dashboard_writes_nothing(world, login, dashboard_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.models import MonitoringSettings

    with scopes_disabled():
        MonitoringSettings.objects.all().delete()
    client = login(world.user("toezicht"))
    _dashboard(client)  # the session's first request may touch it; then a plain read
    with CaptureQueriesContext(connection) as queries:
        _dashboard(client)
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    with scopes_disabled():
        assert not MonitoringSettings.objects.exists()


def test_the_pdf_button_follows_the_peildatum_on_screen(world, login, dashboard_a):
    client = login(world.user("bestuurder"))
    partial = client.get(
        _url("dashboard"),
        {"peildatum": "2026-03-01"},
        headers={"HX-Request": "true", "HX-Target": "dashboard"},
    ).content.decode()
    assert 'name="peildatum" value="2026-03-01"' in partial and "Rapportage als PDF" in partial
    assert "Rapportage als PDF" not in _dashboard(login(world.user("toezicht")))
