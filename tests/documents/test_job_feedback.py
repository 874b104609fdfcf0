"""Background jobs give feedback at once and refresh what they changed (issue #11, defect 8):
the button is disabled and a message shows while the request runs, the dashboard's figures
reload when the computation is done, and the job page says which peildatum or document it made.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from monitoring.jobs import KIND as COMPUTE
from swvportal.documents.services import JOB_KIND as RENDER
from swvportal.jobs.models import Job

HX = {"HX-Request": "true"}


def _job(world, kind: str, params: dict, status=Job.Status.QUEUED) -> Job:
    with scopes_disabled():
        return Job.objects.create(
            tenant=world.tenant_a,
            kind=kind,
            params=params,
            status=status,
            created_by=world.user("bestuurder"),
        )


def _job_url(job: Job) -> str:
    return reverse("jobs:job_detail", kwargs={"tenant_code": "VOA001", "job_id": job.pk})


def _form(page: str, action: str) -> str:
    start = page.index(f'hx-post="{action}"')
    return page[page.rindex("<form", 0, start) : page.index("</form>", start)]


def test_pdf_maken_disables_its_button_and_says_the_pdf_is_being_made(world, login, plans):
    page = (
        login(world.user("bestuurder"))
        .get(
            reverse(
                "plans:plan_detail", kwargs={"tenant_code": "VOA001", "plan_id": plans.concept.pk}
            )
        )
        .content.decode()
    )
    action = reverse(
        "documents:osp_create", kwargs={"tenant_code": "VOA001", "plan_id": plans.concept.pk}
    )
    form = _form(page, action)
    assert 'hx-disabled-elt="find button"' in form
    assert re.search(r"<[^>]+data-pending[^>]+hidden[^>]*>De PDF wordt gemaakt", form)


def test_herbereken_nu_disables_its_button_and_says_it_started(world, login, plans):
    page = (
        login(world.user("bestuurder"))
        .get(reverse("monitoring:dashboard", kwargs={"tenant_code": "VOA001"}))
        .content.decode()
    )
    form = _form(page, reverse("monitoring:compute", kwargs={"tenant_code": "VOA001"}))
    assert 'hx-disabled-elt="find button"' in form
    assert re.search(r"<[^>]+data-pending[^>]+hidden[^>]*>De berekening wordt gestart", form)


def test_the_dashboard_figures_reload_when_the_computation_is_done(world, login, plans):
    client = login(world.user("bestuurder"))
    url = reverse("monitoring:dashboard", kwargs={"tenant_code": "VOA001"})
    page = client.get(url, {"peildatum": "2026-10-01"}).content.decode()
    refresh = re.search(r'<div class="dashboard-refresh"[^>]*>\s*<div id="dashboard">', page)
    assert refresh, "the figures sit inside the part that reloads"
    opening = refresh.group(0)
    assert 'hx-trigger="job-done-monitoring-compute from:body"' in opening
    assert 'hx-get=""' in opening  # the address on screen: the peildatum chosen stays
    assert 'hx-target="#dashboard"' in opening and 'hx-disinherit="*"' in opening


def test_a_finished_job_tells_the_page_so_and_an_unfinished_one_does_not(world, login):
    client = login(world.user("bestuurder"))
    job = _job(world, COMPUTE, {"peildatum": "2026-10-01", "voorlopig": False})
    running = client.get(_job_url(job), headers=HX).content.decode()
    assert "data-job-done" not in running
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100)
    done = client.get(_job_url(job), headers=HX).content.decode()
    assert 'data-job-done="monitoring.compute"' in done


@pytest.mark.parametrize(
    ("params", "fact"),
    [
        ({"peildatum": "2026-10-01", "voorlopig": False}, "Peildatum 1 oktober 2026"),
        ({"peildatum": "2026-11-03", "voorlopig": True}, "Stand van 3 november 2026 (voorlopig)"),
    ],
)
def test_the_job_page_says_which_peildatum_it_computes(world, login, params, fact):
    page = login(world.user("bestuurder")).get(_job_url(_job(world, COMPUTE, params)))
    assert fact in " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def test_the_job_page_says_which_document_it_makes(world, login, plans):
    client = login(world.user("bestuurder"))
    osp = _job(world, RENDER, {"kind": "osp", "plan_id": plans.adopted.pk, "peildatum": None})
    report = _job(world, RENDER, {"kind": "monitoring", "plan_id": None, "peildatum": "2026-10-01"})
    with scope(tenant=world.tenant_a):
        title = f"{plans.adopted.title} (versie 1.0)"
    for job, fact in [
        (osp, f"Document {title}"),
        (report, "Document Monitoringsrapportage, peildatum 1 oktober 2026"),
    ]:
        page = client.get(_job_url(job)).content.decode()
        assert fact in " ".join(re.sub(r"<[^>]+>", " ", page).split()), fact


def test_the_job_page_of_a_plan_that_is_gone_still_opens(world, login, plans):
    job = _job(world, RENDER, {"kind": "osp", "plan_id": 999999, "peildatum": None})
    page = login(world.user("bestuurder")).get(_job_url(job))
    assert page.status_code == 200 and "bestaat niet meer" in page.content.decode()
