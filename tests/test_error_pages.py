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
