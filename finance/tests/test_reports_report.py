"""The managementrapportage (issue #15, point 4): variance and prognosis against a hand
calculation, an own prognosis replacing the linear one (and removed again), the page and its
empty state, who may."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from finance import reports
from finance.models import LineGroup, Period, PrognosisOverride

from .builders import a_begroting, line_titled
from .reports_files import dataset

# Q3 of 2026: 9/12 of the year has gone.
REALISED_Q3 = [
    ("Zware ondersteuning", 760_000),
    ("Overige baten", 150_000),
    ("Afdracht ondersteuningsbekostiging vso (via DUO)", 225_000),
    ("Afdracht lwoo (via DUO)", 0),
    ("Programma 1 Zorgbudget vo", 540_000),
    ("Programma 3 Loket", 160_001),
]


@pytest.fixture
def report_world(world):
    adopted = a_begroting(world.tenant_a, adopted=True)
    with scope(tenant=world.tenant_a):
        reports.realisation_import(
            begroting=adopted,
            year=2026,
            period=Period.Q3,
            dataset=dataset(REALISED_Q3),
            commit=True,
        )
    return adopted


def _report(begroting, period=Period.Q3):
    with scope(tenant=begroting.tenant):
        return reports.management_report(begroting=begroting, year=2026, period=period)


def _line(report, title):
    return next(i for g in report.groups for i in g.lines if i.row.line.title == title)


def test_variance_and_prognosis_match_a_hand_calculation(report_world):
    report = _report(report_world)
    assert report.share_percent == Decimal("75.0")
    # Zware ondersteuning: budget 1.000.000; to date 1.000.000 × 9/12 = 750.000; realised
    # 760.000; variance +10.000 = +1,3% of 750.000 (1,333…); linear prognosis 760.000 / (9/12)
    # = 1.013.333,33 → 1.013.333; minus the budget: +13.333.
    zware = _line(report, "Zware ondersteuning").figures
    assert (zware.budget, zware.budget_to_date, zware.realised) == (1_000_000, 750_000, 760_000)
    assert (zware.variance, zware.variance_percent) == (10_000, Decimal("1.3"))
    assert (zware.prognosis, zware.prognosis_difference) == (1_013_333, 13_333)
    # Programma 3 Loket: budget 200.000; to date 150.000; realised 160.001; variance +10.001 =
    # +6,7% (6,667…); prognosis 160.001 × 4/3 = 213.334,67 → 213.335; +13.335.
    loket = _line(report, "Programma 3 Loket").figures
    assert (loket.variance, loket.variance_percent) == (10_001, Decimal("6.7"))
    assert (loket.prognosis, loket.prognosis_difference) == (213_335, 13_335)
    # Afdracht lwoo: budget 0, realised 0: no percentage.
    assert _line(report, "Afdracht lwoo (via DUO)").figures.variance_percent is None
    # Totale baten: budget 1.200.000, to date 900.000, realised 910.000, variance +10.000;
    # prognosis 1.013.333 + 200.000 = 1.213.333.
    income = report.group(LineGroup.INCOME).total
    assert (income.budget, income.budget_to_date, income.realised) == (1_200_000, 900_000, 910_000)
    assert (income.variance, income.prognosis) == (10_000, 1_213_333)
    # Resultaat: budget 0; realised 910.000 − 225.000 − 700.001 = −15.001; prognosis
    # 1.213.333 − 300.000 − (720.000 + 213.335) = −20.002.
    assert (report.result.budget, report.result.realised) == (0, -15_001)
    assert (report.result.prognosis, report.result.prognosis_difference) == (-20_002, -20_002)


def test_an_own_prognosis_replaces_the_linear_one_in_the_line_and_the_totals(report_world):
    line = line_titled(report_world, "Programma 3 Loket")
    with scope(tenant=report_world.tenant):
        reports.prognosis_set(
            line=line, year=2026, period=Period.Q3, amount=230_000, note="Extra inhuur in Q4."
        )
    report = _report(report_world)
    loket = _line(report, "Programma 3 Loket")
    assert loket.override.note == "Extra inhuur in Q4."
    assert (loket.figures.linear_prognosis, loket.figures.prognosis) == (213_335, 230_000)
    assert loket.figures.prognosis_difference == 30_000
    # Totaal programma's: 720.000 (linear, 540.000 × 4/3) + 230.000.
    assert report.group(LineGroup.PROGRAMMES).total.prognosis == 950_000
    # Another period's report keeps the linear prognosis.
    assert _report(report_world, Period.Q2).group(LineGroup.PROGRAMMES).lines[1].override is None
    with scope(tenant=report_world.tenant):
        assert reports.prognosis_remove(line=line, year=2026, period=Period.Q3)
    assert _line(_report(report_world), "Programma 3 Loket").figures.prognosis == 213_335


def test_an_own_prognosis_needs_a_note(report_world):
    line = line_titled(report_world, "Programma 3 Loket")
    with scope(tenant=report_world.tenant), pytest.raises(ValidationError) as caught:
        reports.prognosis_set(line=line, year=2026, period=Period.Q3, amount=1, note="  ")
    assert "toelichting" in caught.value.message_dict["note"][0]


def _url(name, **kwargs):
    return reverse(name, kwargs={"tenant_code": "VOA001", **kwargs})


def test_the_page_shows_the_report_and_the_empty_state(world, login, report_world):
    client = login(world.user("toezicht"))
    page = client.get(_url("finance:report", report_year=2026, period="q3")).content.decode()
    assert "Managementrapportage Q3 2026" in page and "75,0%" in page
    assert "1.013.333" in page and "+13.333" in page and "−20.002" in page
    assert "Aanpassen" not in page and "Eigen prognose</th>" not in page  # toezicht reads
    empty = client.get(_url("finance:report", report_year=2026, period="q1")).content.decode()
    assert "Nog geen realisatie ingelezen voor Q1 2026." in empty
    listing = client.get(_url("finance:report_list")).content.decode()
    assert "Drie keer per jaar, volgens de kwaliteitskalender" in listing
    assert "/begroting/rapportage/2026/q3/" in listing and "Nog niet ingelezen" in listing


def test_an_unknown_period_or_a_year_without_a_begroting_is_a_404(world, login, report_world):
    client = login(world.user("bestuurder"))
    assert client.get(_url("finance:report", report_year=2026, period="q5")).status_code == 404
    assert client.get(_url("finance:report", report_year=2031, period="q1")).status_code == 404


def test_the_bestuurder_overrides_inline_with_htmx_and_removes_it_after_confirming(
    world, login, report_world
):
    client = login(world.user("bestuurder"))
    line = line_titled(report_world, "Programma 3 Loket")
    url = _url("finance:prognosis", report_year=2026, period="q3", report_line_id=line.pk)
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert form.lstrip().startswith(f'<tr id="rapportregel-{line.pk}"') and "<html" not in form
    refused = client.post(url, {"amount": "230.000", "note": ""}, headers={"HX-Request": "true"})
    assert refused.status_code == 422
    assert "Schrijf in de toelichting" in refused.content.decode()
    saved = client.post(
        url, {"amount": "230.000", "note": "Extra inhuur."}, headers={"HX-Request": "true"}
    )
    row = saved.content.decode()
    assert saved.status_code == 200 and row.lstrip().startswith(f'<tr id="rapportregel-{line.pk}"')
    assert "230.000" in row and "eigen prognose" in row and "Extra inhuur." in row
    remove = _url("finance:prognosis_remove", report_year=2026, period="q3", report_line_id=line.pk)
    assert "Wilt u de eigen prognose" in client.get(remove).content.decode()
    with scopes_disabled():
        assert PrognosisOverride.objects.filter(line=line).count() == 1
    done = client.post(remove, follow=True)
    assert "weer lineair" in done.content.decode()
    with scopes_disabled():
        assert not PrognosisOverride.objects.filter(line=line).exists()


def test_a_line_with_sub_lines_takes_no_own_prognosis(world, report_world):
    from finance import services

    concept = a_begroting(world.tenant_a, lines=())
    with scopes_disabled():
        parent = services.line_create(begroting=concept, group="programmas", title="Programma 2")
        services.line_create(begroting=concept, group="programmas", title="Huur", parent=parent)
        from .builders import record_required_steps

        record_required_steps(concept)
        adopted = services.begroting_adopt(begroting=concept)
        parent.refresh_from_db()
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="subregels"):
        reports.prognosis_set(line=parent, year=2026, period="q3", amount=1, note="x")
    assert adopted.is_adopted
