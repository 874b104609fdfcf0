"""Friendly Dutch error pages."""

from __future__ import annotations

from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_500_page_is_dutch_and_needs_no_context(db):
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="nl"' in body and "Er ging iets mis" in body
    assert "Traceback" not in body


def test_a_403_page_explains_what_to_do(world, login):
    body = login(world.user("toezicht")).get("/VOA001/gebruikers/").content.decode()
    assert "Geen toegang" in body and "Uw rol geeft geen toegang tot deze pagina" in body


def test_a_form_without_a_valid_csrf_token_gets_a_dutch_page(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("bestuurder"))
    response = client.post("/VOA001/monitoring/instellingen/", {"peildata_twice": "01-10"})
    body = response.content.decode()
    assert response.status_code == 403
    assert 'lang="nl"' in body and "Het formulier is verlopen" in body
    assert "CSRF verification failed" not in body


def test_a_bad_request_page_is_dutch_and_needs_no_context(db):
    from django.views.defaults import bad_request

    body = bad_request(RequestFactory().get("/"), exception=None).content.decode()
    assert 'lang="nl"' in body and "Ongeldige aanvraag" in body
