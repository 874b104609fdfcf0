"""No page of the public form loads anything from outside ``static/`` (issue #16, point 2):
every src and href of a script, stylesheet, image and form action is relative to the portal or
under /static/, and the Content-Security-Policy names no other host."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from steunpunt.models import SteunpuntSettings

LOADING = {"script": "src", "link": "href", "img": "src", "form": "action", "iframe": "src"}
CSP_WORDS = {"'self'", "'none'", "data:"}


class Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = LOADING.get(tag)
        for name, value in attrs:
            if name == attr or (name in {"src", "srcset", "poster"} and value):
                self.found.append((tag, value or ""))


def loads(html: str) -> list[tuple[str, str]]:
    parser = Loads()
    parser.feed(html)
    return parser.found


def assert_local(response) -> None:
    found = loads(response.content.decode())
    assert found, "a page of the form loads at least its stylesheet"
    for tag, value in found:
        parts = urlsplit(value)
        assert not parts.scheme and not parts.netloc, (tag, value)
        assert value.startswith("/"), (tag, value)
        if tag in {"script", "link", "img"}:
            assert value.startswith("/static/"), (tag, value)
    policy = response["Content-Security-Policy"]
    for directive in policy.split(";"):
        for word in directive.split()[1:]:
            assert word in CSP_WORDS or word.startswith("'nonce-"), (directive, word)


def pages(world, client):
    code = {"public_tenant_code": world.tenant_a.code}
    question = reverse("steunpunt_public:question", kwargs=code)
    yield client.get(question)
    yield client.post(question, {"message": ""})  # with errors
    yield client.get(reverse("steunpunt_public:thanks", kwargs=code))
    yield client.post(question, {"message": "x" * 30_000})  # too large
    for _ in range(11):
        last = client.post(question, {"website": "bot"})
    yield last  # too many
    with scopes_disabled():
        SteunpuntSettings.objects.create(tenant=world.tenant_a, form_open=False)
    yield client.get(question)  # closed


@pytest.mark.django_db
def test_no_page_of_the_form_loads_anything_from_outside_static(world, client):
    statuses = []
    for response in pages(world, client):
        statuses.append(response.status_code)
        assert_local(response)
    assert statuses == [200, 422, 200, 413, 429, 200]
