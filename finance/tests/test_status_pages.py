"""The begroting's life cycle through its pages: the status panel, recording and deleting a step
(the bestuurder and toezicht), vaststellen (the bestuurder, after the required steps), a new
version, and who may not."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from swvportal.core.versioning import ApprovalBody

from .. import services
from ..models import Begroting, BegrotingApproval, BegrotingStatus, BudgetAmount
from .builders import a_begroting, a_concept_after, line_titled, record_required_steps

pytestmark = pytest.mark.django_db

B, T, INS, Z = "bestuurder", "toezicht", "inspectie", "zorgcoordinator"
RVT_APPROVAL = {"body": "rvt", "kind": "goedkeuring", "date": "11-11-2024", "outcome": "positief"}


def url(name: str, **kwargs) -> str:
    return reverse(f"finance:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


def steps_of(begroting) -> list[tuple[str, str]]:
    with scopes_disabled():
        return list(
            BegrotingApproval.objects.filter(begroting=begroting).values_list("body", "outcome")
        )


# --- The panel --------------------------------------------------------------------------------


def test_the_panel_shows_the_cycle_and_the_trail_to_every_reader(world, login):
    adopted = a_begroting(world.tenant_a, adopted=True, by=world.user(B))
    for role in (B, T, INS):
        page = text(login(world.user(role)).get(url("begroting_detail", begroting_id=adopted.pk)))
        assert "Status en goedkeuring" in page
        assert "Advies van de financiële commissie" in page and "Gedaan" in page
        assert "Vaststelling door de algemene ledenvergadering (ALV, november)" in page
        trail = page.split('id="goedkeuringstraject"')[1]
        for label in (
            "Financiële commissie",
            "Raad van toezicht (RvT)",
            "Algemene ledenvergadering",
        ):
            assert label in trail
        assert "26-11-2024" in trail and str(world.user(B)) in trail
        assert "Stap vastleggen" not in page and "Vaststellen</a>" not in page
    bestuurder = text(login(world.user(B)).get(url("begroting_detail", begroting_id=adopted.pk)))
    assert "Nieuwe versie maken" in bestuurder
    assert "Nieuwe versie maken" not in page  # the inspectie's


def test_the_panel_of_a_concept_says_what_is_still_to_do(world, login):
    concept = a_begroting(world.tenant_a)
    page = text(login(world.user(T)).get(url("begroting_detail", begroting_id=concept.pk)))
    assert page.count("Nog niet gedaan") == 4  # FC, RvT, OPR and the ALV
    assert "Stap vastleggen" in page and "Vaststellen</a>" not in page
    page = text(login(world.user(B)).get(url("begroting_detail", begroting_id=concept.pk)))
    assert "Stap vastleggen" in page and "Vaststellen</a>" in page
    assert "Gebaseerd op" in page and "dit is de eerste versie" in page


# --- Recording and deleting a step --------------------------------------------------------------


@pytest.mark.parametrize("role", [B, T])
def test_the_bestuurder_and_toezicht_record_a_step(world, login, role):
    concept = a_begroting(world.tenant_a)
    response = login(world.user(role)).post(
        url("approval_create", begroting_id=concept.pk), RVT_APPROVAL, follow=True
    )
    assert "Vastgelegd in het goedkeuringstraject" in text(response)
    with scopes_disabled():
        saved = BegrotingApproval.objects.get(begroting=concept)
    assert (saved.body, saved.recorded_by) == ("rvt", world.user(role))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**RVT_APPROVAL, "date": ""}, "date", "Dit veld is verplicht"),
        ({**RVT_APPROVAL, "date": "31-02-2024"}, "date", "geldige datum"),
        ({**RVT_APPROVAL, "body": ""}, "body", "Kies het orgaan"),
        ({**RVT_APPROVAL, "outcome": ""}, "outcome", "Kies de uitkomst"),
        ({**RVT_APPROVAL, "body": "alv"}, "outcome", "legt u vast met 'Vaststellen'"),
    ],
)
def test_a_step_is_refused_in_dutch_and_saves_nothing(world, login, data, field, message):
    concept = a_begroting(world.tenant_a)
    response = login(world.user(T)).post(url("approval_create", begroting_id=concept.pk), data)
    assert response.status_code == 422
    assert any(message in error for error in response.context["form"].errors[field])
    assert steps_of(concept) == []


def test_a_step_dated_in_the_future_is_refused(world, login):
    concept = a_begroting(world.tenant_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(world.user(B)).post(
        url("approval_create", begroting_id=concept.pk),
        {**RVT_APPROVAL, "date": tomorrow.strftime("%d-%m-%Y")},
    )
    assert response.status_code == 422 and "ligt in de toekomst" in text(response)
    assert steps_of(concept) == []


@pytest.mark.parametrize("role", [B, T])
def test_no_step_on_a_vastgestelde_version(world, login, role):
    adopted = a_begroting(world.tenant_a, adopted=True)
    before = steps_of(adopted)
    response = login(world.user(role)).post(
        url("approval_create", begroting_id=adopted.pk), RVT_APPROVAL
    )
    assert response.status_code == 422 and "verandert niet meer" in text(response)
    assert steps_of(adopted) == before


@pytest.mark.parametrize("role", [INS, Z, "loket"])
def test_other_roles_record_no_step(world, login, role):
    concept = a_begroting(world.tenant_a)
    client = login(world.user(role))
    assert (
        client.post(url("approval_create", begroting_id=concept.pk), RVT_APPROVAL).status_code
        == 403
    )
    assert steps_of(concept) == []


def test_toezicht_deletes_only_its_own_steps_and_the_bestuurder_any(world, login):
    concept = a_begroting(world.tenant_a)
    with scope(tenant=world.tenant_a):
        record_required_steps(concept, by=world.user(B))
        own = services.approval_add(
            begroting=concept,
            data={"body": "opr", "kind": "instemming", "date": datetime.date(2024, 11, 19),
                  "outcome": "positief"},
            by=world.user(T),
        )  # fmt: skip
        others = BegrotingApproval.objects.filter(begroting=concept, recorded_by=world.user(B))
        bestuurders = others.first()
    toezicht = login(world.user(T))
    panel = text(toezicht.get(url("begroting_detail", begroting_id=concept.pk)))
    assert panel.count(">Verwijderen<") == 1
    delete = {"begroting_id": concept.pk, "begroting_step_id": bestuurders.pk}
    assert toezicht.get(url("approval_delete", **delete)).status_code == 403
    assert toezicht.post(url("approval_delete", **delete)).status_code == 403
    mine = {"begroting_id": concept.pk, "begroting_step_id": own.pk}
    assert "Weet u zeker" in text(toezicht.get(url("approval_delete", **mine)))
    done = toezicht.post(url("approval_delete", **mine), follow=True)
    assert "Verwijderd uit het goedkeuringstraject" in text(done)
    bestuurder = login(world.user(B))
    bestuurder.post(url("approval_delete", **delete))
    assert len(steps_of(concept)) == 2


def test_no_step_is_deleted_from_a_vastgestelde_version(world, login):
    adopted = a_begroting(world.tenant_a, adopted=True, by=world.user(B))
    with scopes_disabled():
        first = BegrotingApproval.objects.filter(begroting=adopted).first()
    kwargs = {"begroting_id": adopted.pk, "begroting_step_id": first.pk}
    client = login(world.user(B))
    page = client.get(url("approval_delete", **kwargs))
    assert "ligt vast" in text(page) and "Ja, verwijderen" not in text(page)
    assert client.post(url("approval_delete", **kwargs)).status_code == 422
    assert len(steps_of(adopted)) == 4


# --- Vaststellen ------------------------------------------------------------------------------


def test_vaststellen_lists_what_blocks_it_then_adopts(world, login):
    concept = a_begroting(world.tenant_a)
    client = login(world.user(B))
    blocked = text(client.get(url("begroting_adopt", begroting_id=concept.pk)))
    assert "Dit kan nu niet" in blocked and "Raad van toezicht (RvT)" in blocked
    assert "De versie wordt daarna niet meer gewijzigd" not in blocked
    refused = client.post(url("begroting_adopt", begroting_id=concept.pk), {"date": "26-11-2024"})
    assert refused.status_code == 422
    with scope(tenant=world.tenant_a):
        record_required_steps(concept)
    ready = text(client.get(url("begroting_adopt", begroting_id=concept.pk)))
    assert "De versie wordt daarna niet meer gewijzigd" in ready and "Dit kan nu niet" not in ready
    missing_date = client.post(url("begroting_adopt", begroting_id=concept.pk), {"date": ""})
    assert missing_date.status_code == 422 and "datum van de algemene ledenvergadering" in text(
        missing_date
    )
    done = client.post(
        url("begroting_adopt", begroting_id=concept.pk),
        {"date": "26-11-2024", "note": "ALV van 26 november"},
        follow=True,
    )
    assert "is vastgesteld" in text(done)
    with scopes_disabled():
        concept.refresh_from_db()
        alv = BegrotingApproval.objects.get(begroting=concept, body=ApprovalBody.ALV)
    assert concept.status == BegrotingStatus.ADOPTED
    assert concept.adopted_on == datetime.date(2024, 11, 26)
    assert (alv.note, alv.recorded_by) == ("ALV van 26 november", world.user(B))


@pytest.mark.parametrize("role", [T, INS, Z])
def test_only_the_bestuurder_adopts(world, login, role):
    concept = a_begroting(world.tenant_a)
    with scope(tenant=world.tenant_a):
        record_required_steps(concept)
    client = login(world.user(role))
    assert client.get(url("begroting_adopt", begroting_id=concept.pk)).status_code == 403
    assert (
        client.post(
            url("begroting_adopt", begroting_id=concept.pk), {"date": "26-11-2024"}
        ).status_code
        == 403
    )
    with scopes_disabled():
        assert Begroting.objects.get(pk=concept.pk).status == BegrotingStatus.CONCEPT


def test_toezicht_reads_a_concept_and_cannot_edit_it(world, login):
    concept = a_begroting(world.tenant_a)
    client = login(world.user(T))
    page = text(client.get(url("begroting_detail", begroting_id=concept.pk)))
    assert "Zware ondersteuning" in page and "Status en goedkeuring" in page
    assert client.get(url("begroting_new_version", begroting_id=concept.pk)).status_code == 403
    assert client.post(url("begroting_new_version", begroting_id=concept.pk)).status_code == 403


def test_the_inspectie_cannot_see_a_concept(world, login):
    adopted = a_begroting(world.tenant_a, adopted=True)
    concept = a_concept_after(adopted)
    client = login(world.user(INS))
    assert client.get(url("begroting_detail", begroting_id=concept.pk)).status_code == 404
    assert client.get(url("begroting_compare", begroting_id=concept.pk)).status_code == 404
    page = text(client.get(url("begroting_detail", begroting_id=adopted.pk)))
    assert "Versie 1.1" not in page
    response = client.get(url("begroting_compare", begroting_id=adopted.pk), {"oud": concept.pk})
    assert response.status_code == 404


# --- A new version ------------------------------------------------------------------------------


def test_a_new_version_for_the_next_cycle_through_the_page(world, login):
    adopted = a_begroting(world.tenant_a, adopted=True)
    client = login(world.user(B))
    page = client.get(url("begroting_new_version", begroting_id=adopted.pk))
    assert page.context["form"].initial == {"first_year": 2026, "last_year": 2028}
    refused = client.post(
        url("begroting_new_version", begroting_id=adopted.pk),
        {"first_year": "2028", "last_year": "2026"},
    )
    assert refused.status_code == 422 and "ligt voor het eerste jaar" in text(refused)
    done = client.post(
        url("begroting_new_version", begroting_id=adopted.pk),
        {"first_year": "2026", "last_year": "2028"},
        follow=True,
    )
    assert "Versie 2.0 (2026–2028) is gemaakt als concept" in text(done)
    with scopes_disabled():
        copy = Begroting.objects.get(based_on=adopted)
        line = line_titled(copy, "Programma 1 Zorgbudget vo")
        assert dict(BudgetAmount.objects.filter(line=line).values_list("year", "amount")) == {
            2026: 700_000,
            2027: 700_000,
        }
    again = text(client.get(url("begroting_new_version", begroting_id=adopted.pk)))
    assert "Er is al een conceptversie" in again and "Nieuwe versie maken</button>" not in again
    assert (
        client.post(
            url("begroting_new_version", begroting_id=adopted.pk),
            {"first_year": "2026", "last_year": "2028"},
        ).status_code
        == 422
    )
    with scopes_disabled():
        assert Begroting.objects.filter(lineage=adopted.lineage).count() == 2


def test_no_new_version_of_a_concept(world, login):
    concept = a_begroting(world.tenant_a)
    page = text(login(world.user(B)).get(url("begroting_new_version", begroting_id=concept.pk)))
    assert "nog een concept" in page


def test_vaststellen_of_a_vastgestelde_version_says_so_plainly(world, login):
    adopted = a_begroting(world.tenant_a, adopted=True)
    client = login(world.user(B))
    page = text(client.get(url("begroting_adopt", begroting_id=adopted.pk)))
    assert "Versie 1.0 is al vastgesteld op 26-11-2024" in page
    refused = client.post(url("begroting_adopt", begroting_id=adopted.pk), {"date": "27-11-2024"})
    assert refused.status_code == 422
    with scopes_disabled():
        assert Begroting.objects.get(pk=adopted.pk).adopted_on == datetime.date(2024, 11, 26)


def test_the_browser_crawl_values_open_every_page_of_this_part_on_the_demo(world, login):
    """``crawl_status.browser_values`` on the demo's begroting (1.0 adopted, 2.0 a concept):
    every route of this part opens for the bestuurder, and the trail's pages for toezicht."""
    from types import SimpleNamespace

    from ..demo import seed_begroting
    from . import crawl_status

    with scope(tenant=world.tenant_a):
        seed_begroting(world.tenant_a)
    demo = SimpleNamespace(tenant=world.tenant_a, users={T: world.user(T)})
    values = crawl_status.browser_values(demo)
    assert crawl_status.browser_values(demo) == values  # the step is made once
    for page, roles in crawl_status.MATRIX.items():
        params = {"begroting_id": values["begroting_id"]}
        if page == "finance:approval_delete":
            params["begroting_step_id"] = values["begroting_step_id"]
        for role in roles - {INS}:  # the inspectie never sees the concept
            assert login(world.user(role)).get(url(page.split(":")[1], **params)).status_code == 200
