"""The public form's rate limit (issue #16, point 2): at most ``STEUNPUNT_FORM_POSTS_PER_MINUTE``
posts per client address per tenant form, counted in the platform's database cache."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from steunpunt.models import Contact


def url(tenant) -> str:
    return reverse("steunpunt_public:question", kwargs={"public_tenant_code": tenant.code})


def answers(n: int = 0) -> dict:
    return {"asker": "ouder", "message": f"Vraag nummer {n}"}


def count(tenant=None) -> int:
    with scopes_disabled():
        found = Contact.objects.all()
        return (found.filter(tenant=tenant) if tenant else found).count()


@pytest.mark.django_db
def test_ten_posts_a_minute_are_accepted_and_the_eleventh_is_refused(world, client):
    for n in range(10):
        assert client.post(url(world.tenant_a), answers(n)).status_code == 302
    assert count() == 10
    refused = client.post(url(world.tenant_a), answers(11))
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "U heeft in korte tijd veel berichten gestuurd." in body
    assert "Probeer het over een minuut opnieuw." in body
    assert count() == 10
    assert len(mail.outbox) == 10
    # Another address is still welcome.
    other = client.post(url(world.tenant_a), answers(12), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert count() == 11


@pytest.mark.django_db
def test_the_limit_is_per_tenant_form(world, client):
    for n in range(10):
        client.post(url(world.tenant_a), answers(n))
    assert client.post(url(world.tenant_a), answers()).status_code == 429
    assert client.post(url(world.tenant_b), answers()).status_code == 302
    assert count(world.tenant_b) == 1


@pytest.mark.django_db
def test_invalid_and_honeypot_posts_count_too(world, client):
    for _ in range(5):
        client.post(url(world.tenant_a), {"message": ""})
    for _ in range(5):
        client.post(url(world.tenant_a), {**answers(), "website": "x"})
    assert client.post(url(world.tenant_a), answers()).status_code == 429
    assert count() == 0


@pytest.mark.django_db
def test_the_limit_is_a_setting_and_reading_the_form_is_not_limited(world, client, settings):
    settings.STEUNPUNT_FORM_POSTS_PER_MINUTE = 2
    for _ in range(2):
        assert client.post(url(world.tenant_a), answers()).status_code == 302
    assert client.post(url(world.tenant_a), answers()).status_code == 429
    for _ in range(5):
        assert client.get(url(world.tenant_a)).status_code == 200


@pytest.mark.django_db
def test_the_limit_forgets_after_a_minute(world, client, monkeypatch):
    import time

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    for n in range(10):
        client.post(url(world.tenant_a), answers(n))
    assert client.post(url(world.tenant_a), answers()).status_code == 429
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert client.post(url(world.tenant_a), answers()).status_code == 302
