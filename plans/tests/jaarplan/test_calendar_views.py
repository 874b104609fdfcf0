"""The kwaliteitskalender's pages: every role reads them, only the bestuurder changes them, and
each action ends with a visible result."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from conftest import MARKER_B
from plans.jaarplan.views.panels import panels_for
from plans.models import CalendarItem, CalendarOccurrence
from plans.tests.jaarplan.builders import a_calendar_item, a_jaarplan
from plans.tests.jaarplan.calendar_support import on_demo_day  # noqa: F401

pytestmark = pytest.mark.usefixtures("on_demo_day")

D = datetime.date
PERSONAS = ["bestuurder", "loket", "deskundige", "zorgcoordinator", "toezicht", "inspectie"]
READ_ONLY = [p for p in PERSONAS if p != "bestuurder"]
FORM = {
    "category": "verantwoording",
    "title": "Jaarverslag OPR",
    "frequency": "jaarlijks",
    "due_day": "1",
    "due_month": "6",
    "owner": "OPR",
    "is_active": "on",
}


def url(name: str, tenant_code: str = "VOA001", **kwargs) -> str:
    return reverse(f"jaarplan:{name}", kwargs={"tenant_code": tenant_code, **kwargs})


def _item_text(body: str, item) -> str:
    """The words of one item's block on the page, tags stripped and spaces collapsed."""
    start = body.index(f'id="onderdeel-{item.pk}"')
    ends = [
        i for i in (body.find('id="onderdeel-', start + 1), body.find("</section>", start)) if i > 0
    ]
    return " ".join(re.sub(r"<[^>]+>", " ", body[start : min(ends)]).split())


def _tick(item, due, on, **extra):
    with scopes_disabled():
        return CalendarOccurrence.objects.create(
            tenant=item.tenant, item=item, due_date=due, done_on=on, **extra
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_reads_the_kwaliteitskalender(world, login, persona):
    a_calendar_item(world.tenant_a, note="Met de monitorgegevens")
    a_calendar_item(world.tenant_b, title=f"Kalender {MARKER_B}")
    response = login(world.user(persona)).get(url("calendar") + "?schooljaar=2026-2027")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Kwaliteitskalender 2026-2027</h1>" in body
    assert "Jaarlijks vóór 1 juli" in body and "Met de monitorgegevens" in body
    assert MARKER_B not in body
    assert ("Nieuw onderdeel" in body) is (persona == "bestuurder")
    assert ("Afvinken" in body) is (persona == "bestuurder")


def test_the_outsider_reads_no_other_tenants_calendar(world, login):
    response = login(world.user("outsider")).get(url("calendar"))
    assert response.status_code == 403


def test_each_due_date_says_its_state(world, login):
    done = a_calendar_item(world.tenant_a, title="Beleidsnotitie", due_month=10, due_day=1)
    late = a_calendar_item(world.tenant_a, title="Jaarverslag CvA", due_month=10, due_day=1)
    soon = a_calendar_item(world.tenant_a, title="Begroting", due_month=1, due_day=1)
    _tick(done, D(2026, 10, 1), D(2026, 9, 24), done_by=world.user("bestuurder"), note="Op tijd")
    body = login(world.user("toezicht")).get(url("calendar")).content.decode()  # 1 December 2026
    assert "vóór 1 oktober 2026 : gedaan op 24 september 2026 door" in _item_text(body, done)
    assert "(Op tijd)" in _item_text(body, done)
    assert "vóór 1 oktober 2026 : te laat" in _item_text(body, late)
    assert "vóór 1 januari 2027 : open" in _item_text(body, soon)
    assert "In 2026-2027 vallen 3 data: 1 gedaan, 1 te laat" in " ".join(
        re.sub(r"<[^>]+>", " ", body).split()
    )


def test_the_page_goes_to_other_school_years_and_lists_by_date(world, login):
    a_calendar_item(
        world.tenant_a,
        title="Ondersteuningsplan",
        frequency="vierjaarlijks",
        due_month=5,
        due_day=1,
        anchor_year=2029,
    )
    a_calendar_item(
        world.tenant_a, title="Rapportage", frequency="meermaals", dates=[[3, 1], [11, 1]]
    )
    client = login(world.user("bestuurder"))
    body = client.get(url("calendar") + "?schooljaar=2029-2030").content.decode()
    assert "vóór 1 mei 2030" in body and "Vorig schooljaar (2028-2029)" in body
    assert "Geen datum in dit schooljaar." not in body
    assert (
        "Geen datum in dit schooljaar."
        in client.get(url("calendar") + "?schooljaar=2028-2029").content.decode()
    )
    by_date = client.get(url("calendar") + "?schooljaar=2026-2027&weergave=datum").content.decode()
    november, march = by_date.index("November 2026"), by_date.index("Maart 2027")
    assert november < march
    assert (
        "U ziet nu het huidige schooljaar"
        in client.get(url("calendar") + "?schooljaar=2026/27").content.decode()
    )


def test_an_empty_kwaliteitskalender_says_what_to_do(world, login):
    body = login(world.user("bestuurder")).get(url("calendar")).content.decode()
    assert "De kwaliteitskalender is nog leeg." in body


@pytest.mark.parametrize("persona", READ_ONLY)
def test_only_the_bestuurder_changes_the_calendar(world, login, persona):
    item = a_calendar_item(world.tenant_a)
    done = _tick(item, D(2026, 7, 1), D(2026, 6, 1))
    client = login(world.user(persona))
    pages = [
        url("calendar_item_create"),
        url("calendar_item_edit", calendar_item_id=item.pk),
        url("calendar_item_delete", calendar_item_id=item.pk),
        url("occurrence_done", calendar_item_id=item.pk),
        url("occurrence_undo", occurrence_id=done.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 403, page
        assert (
            client.post(
                page, {**FORM, "due_date": "2027-07-01", "done_on": "01-06-2027"}
            ).status_code
            == 403
        ), page
    with scopes_disabled():
        assert CalendarItem.objects.count() == 1 and CalendarOccurrence.objects.count() == 1


def test_the_bestuurder_adds_an_item(world, login):
    client = login(world.user("bestuurder"))
    assert client.get(url("calendar_item_create")).status_code == 200
    response = client.post(url("calendar_item_create"), FORM, follow=True)
    with scopes_disabled():
        item = CalendarItem.objects.get(tenant=world.tenant_a)
    assert (item.title, item.due_month, item.due_day, item.owner) == (
        "Jaarverslag OPR",
        6,
        1,
        "OPR",
    )
    assert "“Jaarverslag OPR” staat in de kwaliteitskalender." in response.content.decode()


def test_a_refused_item_shows_each_problem_and_saves_nothing(world, login):
    response = login(world.user("bestuurder")).post(
        url("calendar_item_create"),
        {**FORM, "frequency": "vierjaarlijks", "due_day": "31", "due_month": "4"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Er ging iets mis" in body
    assert "april heeft 30 dagen" in body and "Vul een schooljaar in waarin het valt" in body
    with scopes_disabled():
        assert not CalendarItem.objects.exists()


def test_the_form_previews_the_due_dates_without_saving(world, login):
    client = login(world.user("bestuurder"))
    data = {**FORM, "frequency": "meermaals", "dates": "1-3, 1-11", "voorbeeld": "1"}
    partial = client.post(url("calendar_item_create"), data, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200 and "<h1>" not in body
    assert "1 november 2026, 1 maart 2027" in body and "1 november 2027, 1 maart 2028" in body
    page = client.post(url("calendar_item_create"), {**data, "dates": "1-13"})  # no JavaScript
    assert page.status_code == 200 and "Nog geen data, want:" in page.content.decode()
    with scopes_disabled():
        assert not CalendarItem.objects.exists()


def test_the_bestuurder_edits_an_item(world, login):
    item = a_calendar_item(world.tenant_a)
    client = login(world.user("bestuurder"))
    page = client.get(url("calendar_item_edit", calendar_item_id=item.pk)).content.decode()
    assert "1 juli 2027" in page  # the stored rule's preview
    response = client.post(
        url("calendar_item_edit", calendar_item_id=item.pk),
        {**FORM, "title": "Jaarverslag", "due_month": "7", "revision": item.revision},
        follow=True,
    )
    item.refresh_from_db()
    assert (item.due_month, item.owner, item.revision) == (7, "OPR", 2)
    assert "De wijzigingen in “Jaarverslag” zijn opgeslagen." in response.content.decode()
    stale = client.post(
        url("calendar_item_edit", calendar_item_id=item.pk), {**FORM, "revision": 1}
    )
    assert stale.status_code == 422 and "intussen gewijzigd" in stale.content.decode()


def test_deleting_asks_first_and_counts_the_ticked_dates(world, login):
    item = a_calendar_item(world.tenant_a)
    _tick(item, D(2026, 7, 1), D(2026, 6, 1))
    _tick(item, D(2027, 7, 1), D(2026, 11, 1))
    client = login(world.user("bestuurder"))
    page = client.get(url("calendar_item_delete", calendar_item_id=item.pk)).content.decode()
    assert "2 afgevinkte data gaan mee verloren" in page
    response = client.post(url("calendar_item_delete", calendar_item_id=item.pk), follow=True)
    assert (
        "is uit de kwaliteitskalender verwijderd met 2 afgevinkte data."
        in response.content.decode()
    )
    with scopes_disabled():
        assert not CalendarItem.objects.exists() and not CalendarOccurrence.objects.exists()


def test_the_bestuurder_marks_a_due_date_done_and_undoes_it(world, login):
    item = a_calendar_item(world.tenant_a)
    client = login(world.user("bestuurder"))
    page = client.get(url("occurrence_done", calendar_item_id=item.pk) + "?datum=2026-07-01")
    assert '<option value="2026-07-01" selected>1 juli 2026</option>' in page.content.decode()
    response = client.post(
        url("occurrence_done", calendar_item_id=item.pk),
        {"due_date": "2026-07-01", "done_on": "20-06-2026", "note": "Vastgesteld"},
        follow=True,
    )
    assert "“Jaarverslag” van 1 juli 2026 is afgevinkt." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?schooljaar=2025-2026#onderdeel-{item.pk}")
    with scopes_disabled():
        done = CalendarOccurrence.objects.get()
    assert (done.done_on, done.done_by, done.note) == (
        D(2026, 6, 20),
        world.user("bestuurder"),
        "Vastgesteld",
    )
    confirm = client.get(url("occurrence_undo", occurrence_id=done.pk)).content.decode()
    assert "Afvinken ongedaan maken?" in confirm and "gedaan op 20 juni 2026" in confirm
    undone = client.post(url("occurrence_undo", occurrence_id=done.pk), follow=True)
    assert "is ongedaan gemaakt" in undone.content.decode()
    with scopes_disabled():
        assert not CalendarOccurrence.objects.exists()


def test_a_date_outside_the_rule_is_refused_on_the_page(world, login):
    item = a_calendar_item(world.tenant_a)
    response = login(world.user("bestuurder")).post(
        url("occurrence_done", calendar_item_id=item.pk),
        {"due_date": "2026-07-02", "done_on": "20-06-2026"},
    )
    assert response.status_code == 422
    assert "2 juli 2026 is geen datum van “Jaarverslag”" in response.content.decode()


def test_the_document_list_holds_the_tenants_open_documents_only(world, login):
    from swvportal.documents.models import IssuedDocument

    with scopes_disabled():
        for tenant, kind, title in [
            (world.tenant_a, "osp", "Ondersteuningsplan 4.0"),
            (world.tenant_a, "tlv_letter", "Besluitbrief leerling 123"),
            (world.tenant_b, "osp", f"Plan {MARKER_B}"),
        ]:
            IssuedDocument.objects.create(
                tenant=tenant,
                kind=kind,
                title=title,
                filename="x.pdf",
                file="x.pdf",
                sha256="0" * 64,
                size=1,
            )
    item = a_calendar_item(world.tenant_a)
    body = (
        login(world.user("bestuurder"))
        .get(url("occurrence_done", calendar_item_id=item.pk))
        .content.decode()
    )
    assert "Ondersteuningsplan 4.0" in body
    assert "Besluitbrief" not in body and MARKER_B not in body


def test_another_tenants_item_is_not_found(world, login):
    item = a_calendar_item(world.tenant_b)
    client = login(world.user("bestuurder"))
    assert client.get(url("calendar_item_edit", calendar_item_id=item.pk)).status_code == 404
    assert (
        client.post(
            url("occurrence_done", calendar_item_id=item.pk), {"due_date": "2026-07-01"}
        ).status_code
        == 404
    )


def test_the_jaarplan_page_gets_a_kwaliteitskalender_panel(world, rf):
    a_calendar_item(world.tenant_a, title="Begroting", due_month=1, due_day=1)
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    request = rf.get("/")
    request.user = world.user("toezicht")
    request.membership = world.members["toezicht"]
    request.tenant = world.tenant_a
    with scope(tenant=world.tenant_a):
        [found] = [
            p for p in panels_for(request, jaarplan, False) if p["name"] == "kwaliteitskalender"
        ]
    assert "Kwaliteitskalender 2026-2027" in found["html"]
    assert "Begroting: 1 januari 2027" in found["html"]
