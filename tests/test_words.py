"""Words and small layout faults a new user hit (issue #11, defect 10): each as the user saw it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scope

from referrals.tests.factories import make_absence, make_opp

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def _get(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs={"tenant_code": "VOA001", **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_list_with_one_result_says_resultaat_in_the_singular(world, login):
    client = login(world.user("bestuurder"))
    url = reverse("tenancy:school_list", kwargs={"tenant_code": "VOA001"})
    one = client.get(url, {"q": "Alfa College"}).content.decode()
    assert "1 resultaat<" in one and "1 resultaten" not in one
    two = client.get(url, {"q": "Alfa"}).content.decode()
    assert "2 resultaten<" in two


@pytest.fixture
def catalogue(world):
    """The demo plan and its dashboard catalogue, computed once."""
    import datetime

    from monitoring import services
    from monitoring.demo import CATALOGUE
    from plans.demo import seed_plan

    with scope(tenant=world.tenant_a):
        plan = seed_plan(world.tenant_a)
        services.catalogue_load(
            tenant=world.tenant_a, document=json.loads(CATALOGUE.read_text()), plan=plan
        )
        make_absence(world.school_a1, kind="absoluut")
        services.indicators_compute(tenant=world.tenant_a, peildatum=datetime.date.today())
    return plan


def test_the_dashboard_and_the_indicator_page_have_no_english_column_header(
    world, login, catalogue
):
    from monitoring.models import Indicator

    client = login(world.user("bestuurder"))
    with scope(tenant=world.tenant_a):
        indicator = Indicator.objects.filter(source="berekend").first()
    pages = [
        _get(client, "monitoring:dashboard"),
        _get(client, "monitoring:indicator_detail", indicator_id=indicator.pk),
    ]
    for page in pages:
        assert ">Records<" not in page
        assert ">Aantal gegevens<" in page


def test_the_indicator_page_names_the_pijler_by_its_title_not_by_the_indicators_group(
    world, login, catalogue
):
    from monitoring.models import Indicator
    from pillars.models import Pillar

    with scope(tenant=world.tenant_a):
        indicator = Indicator.objects.exclude(group="").filter(pillar_number=1).first()
        pillar = Pillar.objects.get(plan=catalogue, position=1)
    page = _get(
        login(world.user("bestuurder")), "monitoring:indicator_detail", indicator_id=indicator.pk
    )
    pijler = re.search(r"<dt>Pijler</dt><dd>(.*?)</dd>", page).group(1)
    assert pijler == f"Pijler 1: {pillar.title}"
    assert f"<dt>Onderwerp</dt><dd>{indicator.group}</dd>" in page


@pytest.mark.parametrize(
    ("role", "promised"),
    [
        ("bestuurder", True),
        ("toezicht", True),
        ("inspectie", True),
        ("loket", False),
        ("zorgcoordinator", False),
    ],
)
def test_the_home_cards_promise_a_monitoringsrapportage_only_to_roles_that_may_open_it(
    world, login, role, promised
):
    page = _get(login(world.user(role)), "core:tenant_home")
    cards = page.split('class="card-list"')[1].split("</ul>")[0]
    assert ("monitoringsrapportage" in cards) is promised
    assert "ondersteuningsplan" in cards.lower()


def test_the_home_cards_break_a_long_word_instead_of_spilling_out(world, login):
    # "Ontwikkelingsperspectiefplannen" is wider than a 16rem card at 1280 px: it breaks at
    # its soft hyphen, and any other long word wraps inside the card.
    page = _get(login(world.user("bestuurder")), "core:tenant_home")
    assert "Ontwikkelings\u00adperspectiefplannen" in page
    card = re.search(r"\.card \{([^}]*)\}", CSS.read_text()).group(1)
    assert "overflow-wrap: break-word" in card and "hyphens: auto" in card


@pytest.mark.parametrize("name", ["referrals:absence_create", "referrals:opp_create"])
def test_a_new_registration_preselects_no_school_when_the_user_has_several(world, login, name):
    page = _get(login(world.user("bestuurder")), name)
    select = re.search(r'<select name="school"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert not re.search(r'value="\d+"[^>]*selected', select)
    assert re.search(r'<option value=""[^>]*>Kies een school</option>', select)


@pytest.mark.parametrize("name", ["referrals:absence_create", "referrals:opp_create"])
def test_a_new_registration_preselects_the_only_school_of_a_zorgcoordinator(world, login, name):
    page = _get(login(world.user("zorgcoordinator")), name)
    select = re.search(r'<select name="school"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.search(rf'value="{world.school_a1.pk}"[^>]*selected', select)
    assert "Kies een school" not in select


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("referrals:absence_list", 3),  # leerling, begindatum, einddatum
        ("referrals:opp_list", 5),  # leerling, plaatsing, vastgesteld, gehoord, ondertekend
    ],
)
def test_dates_and_pupil_numbers_in_tables_do_not_break_across_lines(world, login, name, columns):
    with scope(tenant=world.tenant_a):
        make_absence(world.school_a1)
        make_opp(world.school_a1)
    page = _get(login(world.user("bestuurder")), name)
    row = re.search(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", page, re.S).group(1)
    assert row.count('class="nowrap"') == columns
