"""Part "settings": the steunpunt's settings page and its themes."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from swvportal.audit.models import AuditEntry

from .. import services
from ..models import SteunpuntSettings, Theme
from .builders import a_contact, a_feedback, a_theme, a_trend

A = "VOA001"


def url(name: str, **kwargs) -> str:
    return reverse(f"steunpunt:{name}", kwargs={"tenant_code": A, **kwargs})


def settings_of(tenant) -> SteunpuntSettings:
    with scopes_disabled():
        return SteunpuntSettings.objects.get(tenant=tenant)


VALID = {
    "retention_years": "3",
    "notify_email": "steunpunt@alfa.example",
    "form_open": "on",
    "form_intro": "Wij zijn bereikbaar op maandag en donderdag.",
}


# --- settings -------------------------------------------------------------------------------


def test_the_settings_page_shows_the_form_and_the_public_address(world, login):
    response = login(world.user("bestuurder")).get(url("settings"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bewaartermijn (jaren)" in body
    assert "worden ze elke nacht automatisch gewist" in body
    assert "/VOA001/steunpunt/vraag/" in body  # the public form's address, to copy
    assert 'for="id_notify_email"' in body and 'for="id_form_intro"' in body


def test_saving_the_settings_stores_them_with_a_message(world, login):
    client = login(world.user("bestuurder"))
    response = client.post(url("settings"), VALID, follow=True)
    assert response.redirect_chain[-1][0] == url("settings")
    assert "De instellingen van het steunpunt zijn opgeslagen." in response.content.decode()
    row = settings_of(world.tenant_a)
    assert row.retention_years == 3
    assert row.notify_email == "steunpunt@alfa.example"
    assert row.form_open is True
    assert row.form_intro.startswith("Wij zijn bereikbaar")
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(SteunpuntSettings), object_pk=str(row.pk)
        ).exists()


def test_closing_the_form_is_saved(world, login):
    data = {**VALID}
    del data["form_open"]
    login(world.user("bestuurder")).post(url("settings"), data)
    assert settings_of(world.tenant_a).form_open is False


@pytest.mark.parametrize("years", ["0", "11"])
def test_a_retention_outside_one_to_ten_years_is_refused_in_dutch(world, login, years):
    response = login(world.user("bestuurder")).post(
        url("settings"), {**VALID, "retention_years": years}
    )
    assert response.status_code == 400
    assert "Kies een bewaartermijn van 1 tot en met 10 jaar." in response.content.decode()
    with scopes_disabled():
        assert services.steunpunt_settings(world.tenant_a).retention_years == 1


def test_a_too_long_intro_and_a_wrong_address_are_refused_in_dutch(world, login):
    response = login(world.user("bestuurder")).post(
        url("settings"), {**VALID, "form_intro": "x" * 1001, "notify_email": "geen adres"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "maximaal 1000 tekens" in body
    assert "Vul een geldig e-mailadres in" in body


@pytest.mark.parametrize("role", ["loket", "toezicht", "zorgcoordinator"])
def test_other_roles_cannot_post_settings(world, login, role):
    response = login(world.user(role)).post(url("settings"), VALID)
    assert response.status_code == 403
    with scopes_disabled():
        assert not SteunpuntSettings.objects.filter(tenant=world.tenant_a, notify_email__gt="")


# --- themes ---------------------------------------------------------------------------------


def test_the_theme_list_shows_order_name_use_and_contacts(world, login):
    vervoer = a_theme(world.tenant_a, "Vervoer", 2)
    a_theme(world.tenant_a, "OPP", 1)
    a_contact(world.tenant_a, themes=[vervoer])
    a_contact(world.tenant_a, themes=[vervoer])
    a_theme(world.tenant_b, "Thema van B")
    response = login(world.user("bestuurder")).get(url("theme_list"))
    assert response.status_code == 200
    rows = list(response.context["table"].rows)
    assert [r.record.name for r in rows] == ["OPP", "Vervoer"]
    assert [r.record.contact_count for r in rows] == [0, 2]
    assert "Thema van B" not in response.content.decode()


def test_an_empty_list_offers_the_default_list(world, login):
    client = login(world.user("bestuurder"))
    body = client.get(url("theme_list")).content.decode()
    assert "Standaardlijst toevoegen" in body
    response = client.post(url("theme_defaults"), follow=True)
    assert "De standaardlijst met 7 thema" in response.content.decode()
    with scopes_disabled():
        assert Theme.objects.filter(tenant=world.tenant_a).count() == len(services.DEFAULT_THEMES)
    assert "Standaardlijst toevoegen" not in client.get(url("theme_list")).content.decode()


def test_the_default_list_is_not_added_twice(world, login):
    a_theme(world.tenant_a, "Eigen thema")
    response = login(world.user("bestuurder")).post(url("theme_defaults"), follow=True)
    assert "alleen bij een lege lijst" in response.content.decode()
    with scopes_disabled():
        assert Theme.objects.filter(tenant=world.tenant_a).count() == 1


def test_adding_a_theme_puts_it_last_with_a_message(world, login):
    a_theme(world.tenant_a, "Vervoer", 4)
    response = login(world.user("bestuurder")).post(
        url("theme_create"), {"name": "  Pesten  "}, follow=True
    )
    assert "Het thema ‘Pesten’ is toegevoegd." in response.content.decode()
    with scopes_disabled():
        theme = Theme.objects.get(tenant=world.tenant_a, name="Pesten")
    assert theme.order == 5 and theme.is_active


@pytest.mark.parametrize("name", ["Vervoer", "vervoer"])
def test_a_duplicate_theme_name_is_refused_in_dutch(world, login, name):
    a_theme(world.tenant_a, "Vervoer")
    response = login(world.user("bestuurder")).post(url("theme_create"), {"name": name})
    assert response.status_code == 400
    assert "Er is al een thema met deze naam." in response.content.decode()
    with scopes_disabled():
        assert Theme.objects.filter(tenant=world.tenant_a).count() == 1


def test_the_same_name_in_another_tenant_is_no_duplicate(world, login):
    a_theme(world.tenant_b, "Vervoer")
    login(world.user("bestuurder")).post(url("theme_create"), {"name": "Vervoer"})
    with scopes_disabled():
        assert Theme.objects.filter(tenant=world.tenant_a, name="Vervoer").exists()


def test_an_empty_name_is_refused_in_dutch(world, login):
    response = login(world.user("bestuurder")).post(url("theme_create"), {"name": " "})
    assert response.status_code == 400
    assert "Vul de naam van het thema in." in response.content.decode()


def test_renaming_reordering_and_taking_out_of_use(world, login):
    theme = a_theme(world.tenant_a, "Vervoer", 1)
    client = login(world.user("bestuurder"))
    assert client.get(url("theme_edit", theme_id=theme.pk)).status_code == 200
    response = client.post(
        url("theme_edit", theme_id=theme.pk), {"name": "Leerlingenvervoer", "order": "7"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        theme.refresh_from_db()
    assert (theme.name, theme.order, theme.is_active) == ("Leerlingenvervoer", 7, False)


def test_renaming_to_another_themes_name_is_refused(world, login):
    a_theme(world.tenant_a, "OPP", 1)
    theme = a_theme(world.tenant_a, "Vervoer", 2)
    response = login(world.user("bestuurder")).post(
        url("theme_edit", theme_id=theme.pk), {"name": "opp", "order": "2", "is_active": "on"}
    )
    assert response.status_code == 400
    assert "Er is al een thema met deze naam." in response.content.decode()


def test_deleting_an_unused_theme_asks_first_then_deletes(world, login):
    theme = a_theme(world.tenant_a, "Vervoer")
    client = login(world.user("bestuurder"))
    page = client.get(url("theme_delete", theme_id=theme.pk))
    assert page.status_code == 200
    assert "Ja, verwijderen" in page.content.decode()
    with scopes_disabled():
        assert Theme.objects.filter(pk=theme.pk).exists()  # the GET changed nothing
    response = client.post(url("theme_delete", theme_id=theme.pk), follow=True)
    assert "Het thema ‘Vervoer’ is verwijderd." in response.content.decode()
    with scopes_disabled():
        assert not Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.parametrize("used_by", ["contact", "trend", "feedback"])
def test_a_used_theme_is_not_deleted_and_the_page_advises_to_deactivate(world, login, used_by):
    theme = a_theme(world.tenant_a, "Vervoer")
    with scopes_disabled():
        if used_by == "contact":
            a_contact(world.tenant_a, themes=[theme])
        elif used_by == "trend":
            a_trend(world.tenant_a).themes.add(theme)
        else:
            a_feedback(world.school_a1, 2025).themes.add(theme)
    client = login(world.user("bestuurder"))
    page = client.get(url("theme_delete", theme_id=theme.pk)).content.decode()
    assert "kan niet weg" in page and "niet in gebruik" in page
    assert "Ja, verwijderen" not in page
    response = client.post(url("theme_delete", theme_id=theme.pk))
    assert response.status_code == 400
    assert "wordt gebruikt" in response.content.decode()
    with scopes_disabled():
        assert Theme.objects.filter(pk=theme.pk).exists()


def test_a_theme_of_another_tenant_is_a_404(world, login):
    theme = a_theme(world.tenant_b, "Thema van B")
    client = login(world.user("bestuurder"))
    assert client.get(url("theme_edit", theme_id=theme.pk)).status_code == 404
    assert client.post(url("theme_delete", theme_id=theme.pk)).status_code == 404
    with scopes_disabled():
        assert Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.parametrize("role", ["loket", "toezicht"])
def test_other_roles_cannot_change_themes(world, login, role):
    theme = a_theme(world.tenant_a, "Vervoer")
    client = login(world.user(role))
    assert client.post(url("theme_create"), {"name": "Nieuw"}).status_code == 403
    assert client.post(url("theme_delete", theme_id=theme.pk)).status_code == 403
    with scopes_disabled():
        assert list(Theme.objects.filter(tenant=world.tenant_a)) == [theme]


def test_the_theme_list_asks_as_many_queries_for_many_themes(
    world, login, django_assert_max_num_queries
):
    client = login(world.user("bestuurder"))
    first = a_theme(world.tenant_a, "Thema 0", 0)
    a_contact(world.tenant_a, themes=[first])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("theme_list")).status_code == 200
    bound = len(captured.captured_queries)
    for i in range(1, 30):
        theme = a_theme(world.tenant_a, f"Thema {i}", i)
        a_contact(world.tenant_a, themes=[theme])
    with django_assert_max_num_queries(bound):
        response = client.get(url("theme_list"))
    assert len(response.context["table"].rows) == 30
