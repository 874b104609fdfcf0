"""The public form for parents and young people (issue #16, point 2): what a submission stores,
the honeypot, the call-back rule, the size limits, CSRF, a closed form, the e-mail to the staff,
and a script shown as text. Each test is an acceptance point of the issue."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from steunpunt.models import CallbackRequest, Channel, Contact, SteunpuntSettings, Theme
from steunpunt.public import MAX_BODY_BYTES
from swvportal.tenancy.tests.factories import SchoolFactory

from .builders import a_consulent, a_theme

SCRIPT = "<script>alert(1)</script>"


def url(tenant, name: str = "question") -> str:
    return reverse(f"steunpunt_public:{name}", kwargs={"public_tenant_code": tenant.code})


def answers(**extra) -> dict:
    return {"asker": "ouder", "message": "Mijn zoon krijgt geen vervoer naar school.", **extra}


def stored() -> list[Contact]:
    with scopes_disabled():
        return list(Contact.objects.select_related("tenant", "school").prefetch_related("themes"))


def callbacks() -> int:
    with scopes_disabled():
        return CallbackRequest.objects.count()


def set_form(tenant, **fields) -> None:
    with scopes_disabled():
        SteunpuntSettings.objects.update_or_create(tenant=tenant, defaults=fields)


@pytest.mark.django_db
def test_the_form_opens_without_login_and_names_its_swv(world, client):
    response = client.get(url(world.tenant_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Samenwerkingsverband Alfa" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "csrftoken" in response.cookies
    assert 'lang="nl"' in body and 'href="#inhoud"' in body
    assert "Alfa College" in body and "Weet ik niet of zeg ik liever niet" in body
    assert "Uitloggen" not in body and "Hoofdmenu" not in body


@pytest.mark.django_db
def test_the_privacy_statement_names_the_tenants_retention_term(world, client):
    set_form(world.tenant_a, retention_years=3, form_intro="Wij zijn er op dinsdag.")
    body = client.get(url(world.tenant_a)).content.decode()
    assert "nog 3 jaar" in body
    assert "Uw naam is niet nodig" in body
    assert "Wij zijn er op dinsdag." in body
    assert "zodra we contact met u hebben gehad" in body


@pytest.mark.django_db
def test_a_valid_post_stores_one_form_contact_and_redirects_to_thanks(world, client):
    theme = a_theme(world.tenant_a)
    response = client.post(
        url(world.tenant_a),
        answers(asker="leerling", school=world.school_a1.pk, theme=theme.pk),
    )
    assert response.status_code == 302
    assert response["Location"] == url(world.tenant_a, "thanks")
    (contact,) = stored()
    assert contact.tenant == world.tenant_a
    assert contact.channel == Channel.FORM and contact.from_form
    assert contact.asker == "leerling"
    assert contact.school == world.school_a1
    assert list(contact.themes.all()) == [theme]
    assert contact.message == "Mijn zoon krijgt geen vervoer naar school."
    assert contact.received_on == timezone.localdate()
    assert callbacks() == 0
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Wat gebeurt er nu?" in thanks.content.decode()


@pytest.mark.django_db
def test_a_school_or_theme_of_another_tenant_is_refused(world, client):
    theme_b = a_theme(world.tenant_b, name="Vervoer B")
    response = client.post(url(world.tenant_a), answers(school=world.school_b1.pk))
    assert response.status_code == 422
    response = client.post(url(world.tenant_a), answers(theme=theme_b.pk))
    assert response.status_code == 422
    assert stored() == []


@pytest.mark.django_db
def test_an_inactive_theme_is_not_offered(world, client):
    old = a_theme(world.tenant_a, name="Oud thema")
    with scopes_disabled():
        Theme.objects.filter(pk=old.pk).update(is_active=False)
    assert "Oud thema" not in client.get(url(world.tenant_a)).content.decode()


@pytest.mark.django_db
def test_a_call_back_request_is_stored_beside_the_contact(world, client):
    client.post(
        url(world.tenant_a),
        answers(callback="on", name="Anna", phone="0612345678", best_time="na 17 uur"),
    )
    (contact,) = stored()
    with scopes_disabled():
        request = CallbackRequest.objects.get(contact=contact)
    assert (request.name, request.phone, request.best_time) == ("Anna", "0612345678", "na 17 uur")
    assert request.tenant_id == world.tenant_a.pk
    assert "Anna" not in contact.message


@pytest.mark.django_db
def test_a_call_back_request_without_phone_or_email_is_refused(world, client):
    response = client.post(url(world.tenant_a), answers(callback="on", name="Anna"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Vul een telefoonnummer of een e-mailadres in" in body
    assert 'aria-invalid="true"' in body and 'aria-describedby="id_phone-error"' in body
    assert 'href="#id_phone"' in body
    assert stored() == [] and callbacks() == 0


@pytest.mark.django_db
def test_call_back_fields_without_the_box_ticked_are_not_stored(world, client):
    client.post(url(world.tenant_a), answers(name="Anna", phone="0612345678"))
    assert len(stored()) == 1 and callbacks() == 0


@pytest.mark.django_db
def test_a_missing_message_and_asker_get_dutch_errors_with_links(world, client):
    response = client.post(url(world.tenant_a), {"message": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Schrijf uw vraag of ervaring op." in body
    assert "Kies wie u bent." in body
    assert 'href="#id_asker_0"' in body and 'href="#id_message"' in body
    assert stored() == []


@pytest.mark.django_db
def test_a_filled_honeypot_looks_accepted_but_stores_and_sends_nothing(world, client):
    response = client.post(
        url(world.tenant_a),
        answers(website="http://spam.example", callback="on", name="Bot", phone="1"),
        follow=True,
    )
    assert response.redirect_chain == [(url(world.tenant_a, "thanks"), 302)]
    assert "Bedankt" in response.content.decode()
    assert stored() == [] and callbacks() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people_and_screen_readers(world, client):
    body = client.get(url(world.tenant_a)).content.decode()
    start = body.index('<div class="visually-hidden" aria-hidden="true">')
    honeypot = body[start : body.index("</div>", start)]
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


@pytest.mark.django_db
def test_a_message_of_4001_characters_is_refused_in_dutch(world, client):
    response = client.post(url(world.tenant_a), answers(message="a" * 4001))
    assert response.status_code == 422
    assert "Uw bericht is te lang. Gebruik hoogstens 4000 tekens" in response.content.decode()
    assert stored() == []
    client.post(url(world.tenant_a), answers(message="a" * 4000))
    assert len(stored()) == 1


@pytest.mark.django_db
def test_a_body_over_the_byte_limit_is_refused_before_parsing(world, client):
    response = client.post(url(world.tenant_a), answers(message="a" * (MAX_BODY_BYTES + 1)))
    assert response.status_code == 413
    body = response.content.decode()
    assert "Uw bericht is te groot" in body and "niet opgeslagen" in body
    assert stored() == []


@pytest.mark.django_db
def test_a_script_in_the_message_is_stored_as_text_and_shown_escaped(world, client, login):
    client.post(url(world.tenant_a), answers(message=SCRIPT))
    (contact,) = stored()
    assert contact.message == SCRIPT
    # The form shown again with an error echoes the text escaped.
    again = client.post(url(world.tenant_a), {"message": SCRIPT}).content.decode()
    assert SCRIPT not in again and "&lt;script&gt;alert(1)&lt;/script&gt;" in again
    # And on the staff's page of the contact.
    detail = reverse(
        "steunpunt:contact_detail", kwargs={"tenant_code": "VOA001", "contact_id": contact.pk}
    )
    staff = Client()
    staff.force_login(world.user("bestuurder"))
    page = staff.get(detail).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


@pytest.mark.django_db
def test_csrf_is_enforced(world):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(world.tenant_a), answers()).status_code == 403
    assert stored() == []
    page = strict.get(url(world.tenant_a))
    token = page.cookies["csrftoken"].value
    response = strict.post(url(world.tenant_a), answers(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert len(stored()) == 1


@pytest.mark.django_db
def test_an_unknown_tenant_code_is_404(world, client):
    assert client.get("/VOX999/steunpunt/vraag/").status_code == 404
    assert client.post("/VOX999/steunpunt/vraag/", answers()).status_code == 404
    assert client.get("/VOX999/steunpunt/vraag/verzonden/").status_code == 404


@pytest.mark.django_db
def test_a_post_lands_in_the_tenant_of_the_code(world, client):
    client.post(url(world.tenant_b), answers())
    (contact,) = stored()
    assert contact.tenant == world.tenant_b


@pytest.mark.django_db
def test_a_closed_form_shows_no_form_and_refuses_a_post(world, client):
    set_form(world.tenant_a, form_open=False, notify_email="steunpunt@alfa.example")
    page = client.get(url(world.tenant_a))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Het formulier is nu gesloten" in body and "steunpunt@alfa.example" in body
    assert "<form" not in body and 'name="message"' not in body
    response = client.post(url(world.tenant_a), answers())
    assert response.status_code == 403
    assert stored() == [] and mail.outbox == []


@pytest.mark.django_db
def test_the_mail_goes_to_the_notify_address_without_the_message(world, client):
    set_form(world.tenant_a, notify_email="steunpunt@alfa.example")
    client.post(
        url(world.tenant_a),
        answers(message="Geheim verhaal over Jan", callback="on", name="Anna", phone="0612"),
    )
    (contact,) = stored()
    (sent,) = mail.outbox
    assert sent.to == ["steunpunt@alfa.example"]
    text = sent.subject + sent.body
    assert "nieuw contact via het formulier" in text
    assert f"/VOA001/steunpunt/contacten/{contact.pk}/" in sent.body
    for secret in ("Geheim", "Jan", "Anna", "0612"):
        assert secret not in text


@pytest.mark.django_db
def test_without_a_notify_address_the_mail_goes_to_everyone_who_staffs_it(world, client):
    consulent = a_consulent(world)
    client.post(url(world.tenant_a), answers())
    (sent,) = mail.outbox
    assert sorted(sent.to) == sorted([world.user("bestuurder").email, consulent.user.email])
    assert world.user("loket").email not in sent.to
    assert world.user("toezicht").email not in sent.to


@pytest.mark.django_db
def test_an_inactive_staff_member_gets_no_mail(world, client):
    bestuurder = world.user("bestuurder")
    bestuurder.is_active = False
    bestuurder.save()
    client.post(url(world.tenant_a), answers())
    assert len(stored()) == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_page_asks_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    with scopes_disabled():
        for i in range(30):
            SchoolFactory(tenant=world.tenant_a, brin=f"3{i:02d}A00")
            a_theme(world.tenant_a, name=f"Thema {i}", order=i)
    with django_assert_max_num_queries(5):
        assert client.get(url(world.tenant_a)).status_code == 200


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_lose_the_contact(world, client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("steunpunt.public.send_mail", broken)
    response = client.post(url(world.tenant_a), answers())
    assert response.status_code == 302
    assert len(stored()) == 1


@pytest.mark.django_db
def test_the_pages_have_dutch_titles_of_the_portal(world, client):
    body = client.get(url(world.tenant_a)).content.decode()
    assert "<title>Stel uw vraag · Ouder- en jeugdsteunpunt Samenwerkingsverband Alfa" in body
    assert "· SWV Portaal</title>" in body
