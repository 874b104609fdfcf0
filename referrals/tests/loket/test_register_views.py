"""The register's pages: the amounts and the cost rule, the register per school and year with
its costs and CSV export, each read logged and each list in a constant number of queries."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals.models import Category, CategoryAmount, LoketSettings, TlvKind
from referrals.tests.loket.builders import a_decision, a_pupil, a_request, settings_for
from swvportal.audit.models import AuditEntry

d = datetime.date
SCHOOL_YEAR = (d(2025, 8, 1), d(2026, 7, 31))  # 212 days of 2026


def url(world, name: str) -> str:
    return reverse(f"loket:{name}", kwargs={"tenant_code": world.tenant_a.code})


def _tlv(school, *, cluster=4, number=None, period=SCHOOL_YEAR):
    start, end = period
    pupil = a_pupil(school, number=number) if number else None
    tlv = a_request(school, pupil=pupil, cluster=cluster, requested_category=Category.LOW)
    return a_decision(tlv, start_date=start, end_date=end)


@pytest.fixture
def amounts(world):
    with scopes_disabled():
        CategoryAmount.objects.create(
            tenant=world.tenant_a, year=2026, kind=TlvKind.VSO, category="laag", amount=36500
        )


def test_the_register_shows_cost_pro_rata_and_who_carries_it(world, login, amounts):
    settings_for(world.tenant_a)
    _tlv(world.school_a1, number="R-1")  # 212 days of 2026: 21.200,00, cluster 4: the school
    _tlv(world.school_a2, cluster=3, number="R-2")  # the SWV
    response = login(world.user("loket")).get(url(world, "register"), {"jaar": 2026})
    body = response.content.decode()
    assert response.status_code == 200
    assert "R-1" in body and "R-2" in body and "21.200,00" in body
    assert "naar rato van de dagen" in body
    totals = {t.school_brin: (t.swv, t.school) for t in response.context["totals"]}
    assert totals == {
        "11AA00": (Decimal(0), Decimal("21200.00")),
        "11AB00": (Decimal("21200.00"), Decimal(0)),
    }


def test_a_zorgcoordinator_sees_only_the_own_schools_tlvs(world, login, amounts):
    _tlv(world.school_a1, number="EIGEN-1")
    _tlv(world.school_a2, number="ANDER-1")
    response = login(world.user("zorgcoordinator")).get(url(world, "register"), {"jaar": 2026})
    body = response.content.decode()
    assert "EIGEN-1" in body and "ANDER-1" not in body
    assert [t.school_brin for t in response.context["totals"]] == ["11AA00"]


def test_the_register_filters_by_school_and_year_and_logs_the_read(world, login, amounts):
    _tlv(world.school_a1, number="A-2026")
    _tlv(world.school_a2, number="B-2026")
    _tlv(world.school_a1, number="A-2024", period=(d(2023, 8, 1), d(2024, 7, 31)))
    client = login(world.user("bestuurder"))
    page = client.get(url(world, "register"), {"jaar": 2026, "school": world.school_a1.pk})
    body = page.content.decode()
    assert "A-2026" in body and "B-2026" not in body and "A-2024" not in body
    page = client.get(url(world, "register"), {"jaar": 2024})
    assert "A-2024" in page.content.decode()
    with scope(tenant=world.tenant_a):
        assert AuditEntry.objects.filter(additional_data__what="TLV-register").count() == 2


def test_the_register_without_tlvs_says_so(world, login):
    response = login(world.user("loket")).get(url(world, "register"))
    assert "liep geen TLV" in response.content.decode()


def test_the_register_runs_a_constant_number_of_queries(
    world, login, amounts, django_assert_max_num_queries
):
    client = login(world.user("loket"))
    for n in range(3):
        _tlv(world.school_a1 if n % 2 else world.school_a2)
    client.get(url(world, "register"), {"jaar": 2026})  # warm: sessions, settings
    with django_assert_max_num_queries(20) as few:
        client.get(url(world, "register"), {"jaar": 2026})
    for n in range(27):
        _tlv(world.school_a1 if n % 2 else world.school_a2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(world, "register"), {"jaar": 2026})


def test_the_register_export_is_csv_with_formulas_neutralised(world, login, amounts):
    _tlv(world.school_a1, number="=HYPERLINK(1)")
    response = login(world.user("loket")).get(url(world, "register_export"), {"jaar": 2026})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["school_brin", "school", "leerlingnummer"]
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert rows[1][-4:] == ["212", "36500.00", "21200.00", "school"]
    with scope(tenant=world.tenant_a):
        assert AuditEntry.objects.filter(additional_data__what="export TLV-register").exists()


def test_the_amounts_of_a_year_are_saved_with_a_message(world, login):
    client = login(world.user("loket"))
    edit = url(world, "amount_edit") + "?jaar=2027"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"vso_laag": "12.345,67", "pro": "9000"}, follow=True)
    assert "De bedragen voor 2027 zijn opgeslagen." in response.content.decode()
    with scopes_disabled():
        saved = dict(
            CategoryAmount.objects.filter(tenant=world.tenant_a, year=2027).values_list(
                "kind", "amount"
            )
        )
    assert saved == {"vso": Decimal("12345.67"), "pro": Decimal("9000.00")}
    assert "12.345,67" in client.get(url(world, "amount_list")).content.decode()


def test_a_wrong_amount_comes_back_with_a_dutch_error(world, login):
    client = login(world.user("bestuurder"))
    response = client.post(url(world, "amount_edit") + "?jaar=2027", {"vso_laag": "-5"})
    assert response.status_code == 422
    assert "Zorg ervoor dat deze waarde minstens 0 is." in response.content.decode()
    with scopes_disabled():
        assert not CategoryAmount.objects.exists()


def test_the_cost_rule_is_changed_with_a_message(world, login):
    client = login(world.user("loket"))
    response = client.post(
        url(world, "cost_rule"), {"charge_cluster_3_to_school": "on"}, follow=True
    )
    assert "De kostenregel is opgeslagen." in response.content.decode()
    with scopes_disabled():
        rule = LoketSettings.objects.get(tenant=world.tenant_a)
    assert (rule.charge_cluster_3_to_school, rule.charge_cluster_4_to_school) == (True, False)
