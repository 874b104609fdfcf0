"""The vangnet's pages: who sees which school, the bestuurder enters figures and handles a
claim (each step with a message or a Dutch error and nothing saved), and the query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from finance.models import ClaimStatus, FigureKind, VangnetClaim, VangnetFigure
from finance.tests.builders_vangnet import YEAR, a_vangnet_school, make_special, tlvs_into
from swvportal.accounts.models import Role
from swvportal.tenancy.tests.factories import SchoolFactory

B, Z, T = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT


def _url(world, name, **kwargs):
    return reverse(f"finance:{name}", kwargs={"tenant_code": world.tenant_a.code, **kwargs})


def _school(world, school, name="vangnet_school"):
    return _url(world, name, school_id=school.pk, school_year=YEAR)


@pytest.fixture
def vso(world):
    return a_vangnet_school(world)


def test_the_overview_shows_each_special_school_with_its_counts(world, vso, login):
    page = login(world.user(B)).get(_url(world, "vangnet") + f"?schooljaar={YEAR}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vso De Brug" in text and "Alfa College" not in text  # a VO school is no row
    assert "146.000,00" in text and "Voldaan" in text


def test_a_zorgcoordinator_sees_their_own_school_only(world, vso, login):
    make_special(world.school_a1)
    client = login(world.user(Z))
    overview = client.get(_url(world, "vangnet") + f"?schooljaar={YEAR}").content.decode()
    assert "Alfa College" in overview and "Vso De Brug" not in overview
    assert client.get(_school(world, world.school_a1)).status_code == 200
    assert client.get(_school(world, vso)).status_code == 404
    post = {"cijfer-kind": FigureKind.RESIDENTIAL, "cijfer-peildatum": "jun", "cijfer-value": 1}
    assert (
        client.post(_school(world, world.school_a1, "vangnet_figure_save"), post).status_code == 403
    )
    assert login(world.user(T)).get(_url(world, "vangnet")).status_code == 403


def test_the_bestuurder_enters_a_figure_and_a_bad_one_saves_nothing(world, vso, login):
    client = login(world.user(B))
    url = _school(world, vso, "vangnet_figure_save")
    good = {
        "cijfer-kind": FigureKind.RESIDENTIAL,
        "cijfer-peildatum": "jun",
        "cijfer-category": "laag",
        "cijfer-value": "1",
        "cijfer-source": "invoer",
        "cijfer-note": "Opname De Hoeve",
    }
    bad = {**good, "cijfer-kind": FigureKind.OUTFLOW}  # a flow has no peildatum
    answer = client.post(url, bad)
    assert answer.status_code == 400
    assert "geen peildatum" in answer.content.decode()
    with scopes_disabled():
        assert not VangnetFigure.objects.exists()
    answer = client.post(url, good, follow=True)
    assert "Het cijfer is opgeslagen" in answer.content.decode()
    assert "invoer" in answer.content.decode() and "Opname De Hoeve" in answer.content.decode()
    with scopes_disabled():
        figure = VangnetFigure.objects.get()
    confirm = client.get(_url(world, "vangnet_figure_delete", figure_id=figure.pk))
    assert "Ja, verwijderen" in confirm.content.decode()
    client.post(_url(world, "vangnet_figure_delete", figure_id=figure.pk))
    with scopes_disabled():
        assert not VangnetFigure.objects.exists()


def test_a_claim_from_register_to_paid(world, vso, login):
    client = login(world.user(B))
    late = {"declaratie-submitted_on": "02-10-2026", "declaratie-amount_claimed": "150.000"}
    answer = client.post(_school(world, vso, "claim_register"), late, follow=True)
    text = answer.content.decode()
    assert "te laat" in text and "1 oktober 2026" in text
    with scopes_disabled():
        claim = VangnetClaim.objects.get()
    assert claim.amount_claimed == Decimal("150000.00")
    assert claim.amount_computed == Decimal("146000.00")
    assert claim.figures["counts"] == {"september": 2, "february": 3, "june": 5}
    step = lambda name, data: client.post(_url(world, name, claim_id=claim.pk), data)  # noqa: E731
    refused = step("claim_verify", {"verifieren-note": ""})
    assert refused.status_code == 400 and "Leg het verschil uit" in refused.content.decode()
    assert step("claim_verify", {"verifieren-note": "Eén leerling dubbel."}).status_code == 302
    no_reason = step("claim_refuse", {"afwijzen-reason": ""})
    assert "Schrijf de reden" in no_reason.content.decode()
    assert step("claim_approve", {"goedkeuren-amount_approved": "146.000"}).status_code == 302
    wrong_year = step("claim_pay", {"betalen-paid_on": "15-12-2026"})
    assert "Kies een datum in 2027" in wrong_year.content.decode()
    assert step("claim_pay", {"betalen-paid_on": "15-03-2027"}).status_code == 302
    with scopes_disabled():
        claim.refresh_from_db()
    assert (claim.status, claim.amount_approved) == (ClaimStatus.PAID, Decimal("146000.00"))
    page = client.get(_url(world, "claim_detail", claim_id=claim.pk)).content.decode()
    assert "Betaald" in page and "Eén leerling dubbel." in page


def test_a_zorgcoordinator_reads_their_schools_claim_and_cannot_handle_it(world, login):
    school = make_special(world.school_a1)
    tlvs_into(school, world.school_a2)
    with scopes_disabled():
        claim = VangnetClaim.objects.create(
            tenant=world.tenant_a,
            school=school,
            school_year=YEAR,
            submitted_on="2026-09-01",
            amount_claimed=1000,
        )
    client = login(world.user(Z))
    page = client.get(_url(world, "claim_detail", claim_id=claim.pk))
    assert page.status_code == 200 and "Verifiëren" not in page.content.decode()
    assert client.post(_url(world, "claim_verify", claim_id=claim.pk), {}).status_code == 403


def _queries(client, url, django_assert_max_num_queries, n):
    with django_assert_max_num_queries(n):
        assert client.get(url).status_code == 200


def test_the_pages_ask_a_fixed_number_of_queries(world, vso, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.user(B))
    overview = _url(world, "vangnet") + f"?schooljaar={YEAR}"
    school = _school(world, vso)
    counted = {}
    for url in (overview, school):
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        counted[url] = len(before)
    for n in range(10):
        with scopes_disabled():
            more = SchoolFactory(tenant=world.tenant_a, brin=f"11V{n}00", kind="so")
        tlvs_into(more, world.school_a1)
    for url, n in counted.items():
        _queries(client, url, django_assert_max_num_queries, n)
