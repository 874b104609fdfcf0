"""The staff's pages on contacts: create (Dutch errors, nothing stored), edit (a stale revision
changes nothing), the detail page (the asker's words as text, the call-back block), closing,
tagging as a signal (a trend of tenant B refused), who may, and the reads in the log."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.audit.models import AuditEntry

from ..models import Action, CallbackRequest, Contact
from .builders import a_consulent, a_contact, a_theme, a_trend

B = Role.BESTUURDER
TODAY = timezone.localdate()


def _url(world, name, **kwargs):
    return reverse(f"steunpunt:{name}", kwargs={"tenant_code": world.tenant_a.code, **kwargs})


def _contact_url(world, name, contact):
    return _url(world, name, contact_id=contact.pk)


def _form(**extra) -> dict:
    data = {
        "received_on": TODAY.strftime("%d-%m-%Y"),
        "channel": "telefoon",
        "asker": "ouder",
        "summary": "Vraag over vervoer naar school.",
    }
    data.update(extra)
    return data


def _reads(contact, what: str) -> int:
    with scopes_disabled():
        return AuditEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            object_pk=str(contact.pk),
            content_type__model="contact",
            additional_data__what=what,
        ).count()


@pytest.fixture
def staff(world, login):
    return login(world.user(B))


# --- Create -------------------------------------------------------------------------------------


def test_the_form_shows_the_reminder_not_to_type_names(world, staff):
    page = staff.get(_url(world, "contact_create")).content.decode()
    assert "Schrijf geen namen of andere gegevens" in page
    assert 'class="notice"' in page
    assert "Terugbelverzoek" in page


def test_a_new_contact_is_stored_with_its_themes_actions_and_callback(world, staff):
    theme = a_theme(world.tenant_a, "Vervoer")
    answer = staff.post(
        _url(world, "contact_create"),
        _form(
            school=world.school_a1.pk,
            themes=[theme.pk],
            actions=[Action.INFORMED, Action.REFERRED],
            referred_to="Jeugdteam",
            follow_up_needed="on",
            follow_up_by=(TODAY + datetime.timedelta(days=7)).strftime("%d-%m-%Y"),
            follow_up_note="Nabellen",
            cb_name="Ouder X",
            cb_phone="0612345678",
        ),
        follow=True,
    )
    text = answer.content.decode()
    assert "is vastgelegd" in text
    with scopes_disabled():
        contact = Contact.objects.get()
        assert list(contact.themes.all()) == [theme]
        assert contact.actions == [Action.INFORMED, Action.REFERRED]
        assert contact.referred_to == "Jeugdteam"
        assert contact.created_by == world.user(B)
        assert contact.callback.name == "Ouder X"
    assert "Ouder X" in text and "0612345678" in text  # the detail page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"received_on": (TODAY + datetime.timedelta(days=1)).strftime("%d-%m-%Y")},
            "De datum ligt in de toekomst",
        ),
        ({"actions": [Action.REFERRED]}, "naar welke organisatie"),
        ({"follow_up_needed": "on"}, "wanneer het vervolg uiterlijk"),
        (
            {
                "follow_up_needed": "on",
                "received_on": "10-01-2025",
                "follow_up_by": "09-01-2025",
            },
            "vóór de datum van het contact",
        ),
        ({"summary": "x" * 2001}, "hoogstens 2000 tekens"),
        ({"channel": ""}, "Dit veld is verplicht"),
        ({"cb_name": "Iemand"}, "telefoonnummer of een e-mailadres"),
        ({"cb_phone": "0612345678"}, "Vul de naam in"),
        ({"cb_name": "Iemand", "cb_email": "geen-adres"}, "geldig e-mailadres"),
        ({"received_on": "31-02-2025"}, "geldige datum"),
    ],
)
def test_a_wrong_contact_gets_a_dutch_error_and_nothing_is_stored(world, staff, extra, message):
    answer = staff.post(_url(world, "contact_create"), _form(**extra))
    assert answer.status_code == 422
    text = answer.content.decode()
    assert message.lower() in text.lower()
    assert "error-summary" in text
    with scopes_disabled():
        assert not Contact.objects.exists()
        assert not CallbackRequest.objects.exists()


def test_a_trend_needs_a_signal_and_a_trend_of_tenant_b_is_no_choice(world, staff):
    mine, theirs = a_trend(world.tenant_a), a_trend(world.tenant_b, title="GEHEIM-B trend")
    answer = staff.post(_url(world, "contact_create"), _form(trend=mine.pk))
    assert "Een trend hoort bij een signaal" in answer.content.decode()
    answer = staff.post(_url(world, "contact_create"), _form(is_signal="on", trend=theirs.pk))
    assert answer.status_code == 422
    assert "GEHEIM-B" not in answer.content.decode()
    with scopes_disabled():
        assert not Contact.objects.exists()
    staff.post(_url(world, "contact_create"), _form(is_signal="on", trend=mine.pk))
    with scopes_disabled():
        assert Contact.objects.get().trend == mine


def test_a_theme_no_longer_in_use_is_not_offered_for_a_new_contact(world, staff):
    a_theme(world.tenant_a, "Vervoer")
    old = a_theme(world.tenant_a, "Oud thema", order=2)
    with scopes_disabled():
        old.is_active = False
        old.save()
    page = staff.get(_url(world, "contact_create")).content.decode()
    assert "Vervoer" in page and "Oud thema" not in page


# --- Edit ---------------------------------------------------------------------------------------


def test_an_edit_changes_the_contact_and_its_callback(world, staff):
    contact = a_contact(world.tenant_a, callback={"name": "Ouder Y", "phone": "0600000000"})
    page = staff.get(_contact_url(world, "contact_edit", contact)).content.decode()
    assert "Ouder Y" in page and 'name="revision" value="1"' in page
    answer = staff.post(
        _contact_url(world, "contact_edit", contact),
        _form(revision=1, summary="Nieuwe samenvatting", cb_name="Ouder Y", cb_email="y@x.nl"),
        follow=True,
    )
    assert "zijn opgeslagen" in answer.content.decode()
    with scopes_disabled():
        contact.refresh_from_db()
        assert contact.summary == "Nieuwe samenvatting" and contact.revision == 2
        assert contact.callback.email == "y@x.nl" and contact.callback.phone == ""
    # Emptying every call-back field removes the request.
    staff.post(_contact_url(world, "contact_edit", contact), _form(revision=2))
    with scopes_disabled():
        assert not CallbackRequest.objects.filter(contact=contact).exists()


def test_an_edit_on_a_stale_revision_is_refused_and_changes_nothing(world, staff):
    contact = a_contact(world.tenant_a, summary="Eerste versie")
    with scopes_disabled():
        Contact.objects.filter(pk=contact.pk).update(revision=2, summary="Van een collega")
    answer = staff.post(
        _contact_url(world, "contact_edit", contact), _form(revision=1, summary="Mijn versie")
    )
    assert answer.status_code == 422
    assert "intussen door iemand anders gewijzigd" in answer.content.decode()
    with scopes_disabled():
        contact.refresh_from_db()
    assert contact.summary == "Van een collega" and contact.revision == 2


def test_a_closed_contact_can_be_edited_but_gets_no_callback(world, staff):
    contact = a_contact(world.tenant_a, received_on=TODAY - datetime.timedelta(days=3))
    with scopes_disabled():
        Contact.objects.filter(pk=contact.pk).update(closed_on=TODAY)
    page = staff.get(_contact_url(world, "contact_edit", contact)).content.decode()
    assert "er kan geen terugbelverzoek meer bij" in page
    assert 'name="cb_name"' not in page
    staff.post(
        _contact_url(world, "contact_edit", contact),
        _form(
            revision=1,
            received_on=contact.received_on.strftime("%d-%m-%Y"),
            summary="Achteraf aangevuld",
            cb_name="Toch iemand",
            cb_phone="0611111111",
        ),
    )
    with scopes_disabled():
        contact.refresh_from_db()
        assert contact.summary == "Achteraf aangevuld"
        assert not CallbackRequest.objects.exists()


def test_an_anonymised_contact_is_not_edited(world, staff):
    contact = a_contact(world.tenant_a)
    with scopes_disabled():
        Contact.objects.filter(pk=contact.pk).update(anonymised_at=timezone.now())
    answer = staff.get(_contact_url(world, "contact_edit", contact), follow=True)
    assert "geanonimiseerd en kan niet meer worden gewijzigd" in answer.content.decode()


# --- Detail -------------------------------------------------------------------------------------


def test_the_detail_shows_the_askers_words_as_text_and_logs_the_read(world, staff):
    contact = a_contact(
        world.tenant_a,
        message="Mijn vraag:\n<script>alert('x')</script>",
        from_form=True,
        callback={"name": "Ouder Z", "phone": "0622222222"},
    )
    page = staff.get(_contact_url(world, "contact_detail", contact)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'class="panel pre-wrap contact-message"' in page
    assert "Ouder Z" in page and "verwijderd zodra het contact wordt afgesloten" in page
    assert ">Bewerken<" in page and ">Afsluiten<" in page
    assert _reads(contact, "contact lezen") == 1


def test_the_detail_of_a_closed_contact_has_no_callback_block(world, staff):
    contact = a_contact(world.tenant_a)
    with scopes_disabled():
        Contact.objects.filter(pk=contact.pk).update(closed_on=TODAY)
    page = staff.get(_contact_url(world, "contact_detail", contact)).content.decode()
    assert "Terugbelverzoek" not in page and ">Afsluiten<" not in page
    assert "Afgesloten" in page


def test_a_contact_of_tenant_b_is_a_404(world, staff):
    theirs = a_contact(world.tenant_b)
    for name in ("contact_detail", "contact_edit", "contact_close"):
        assert staff.get(_contact_url(world, name, theirs)).status_code == 404
    assert staff.post(_contact_url(world, "contact_signal", theirs)).status_code == 404


# --- Close --------------------------------------------------------------------------------------


def test_closing_asks_first_then_deletes_the_callback(world, staff):
    contact = a_contact(world.tenant_a, callback={"name": "Ouder Q", "phone": "0633333333"})
    confirm = staff.get(_contact_url(world, "contact_close", contact)).content.decode()
    assert "Contact" in confirm and "afsluiten?" in confirm
    assert "direct verwijderd" in confirm and TODAY.strftime("%d-%m-%Y") in confirm
    with scopes_disabled():
        assert Contact.objects.get(pk=contact.pk).closed_on is None  # a GET changes nothing
    answer = staff.post(
        _contact_url(world, "contact_close", contact),
        {"closed_on": TODAY.strftime("%d-%m-%Y")},
        follow=True,
    )
    assert "is afgesloten" in answer.content.decode()
    assert answer.redirect_chain[-1][0] == _contact_url(world, "contact_detail", contact)
    with scopes_disabled():
        assert Contact.objects.get(pk=contact.pk).closed_on == TODAY
        assert not CallbackRequest.objects.exists()
    again = staff.get(_contact_url(world, "contact_close", contact), follow=True)
    assert "is al afgesloten" in again.content.decode()


def test_closing_in_the_future_is_refused_in_dutch(world, staff):
    contact = a_contact(world.tenant_a, callback={"name": "Ouder R", "phone": "0644444444"})
    tomorrow = (TODAY + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    answer = staff.post(_contact_url(world, "contact_close", contact), {"closed_on": tomorrow})
    assert answer.status_code == 422
    assert "in de toekomst" in answer.content.decode()
    with scopes_disabled():
        assert Contact.objects.get(pk=contact.pk).closed_on is None
        assert CallbackRequest.objects.exists()


# --- Signal -------------------------------------------------------------------------------------


def test_tagging_as_a_signal_without_htmx_redirects_with_a_message(world, staff):
    contact, trend = a_contact(world.tenant_a), a_trend(world.tenant_a)
    url = _contact_url(world, "contact_signal", contact)
    assert staff.get(url).status_code == 405
    answer = staff.post(url, {"signaal-is_signal": "on", "signaal-trend": trend.pk}, follow=True)
    assert "is een signaal in de trend" in answer.content.decode()
    with scopes_disabled():
        contact.refresh_from_db()
    assert contact.is_signal and contact.trend == trend and contact.revision == 2
    staff.post(url, {"signaal-trend": ""})
    with scopes_disabled():
        contact.refresh_from_db()
    assert not contact.is_signal and contact.trend is None


def test_tagging_with_htmx_answers_the_updated_block(world, staff):
    contact, trend = a_contact(world.tenant_a), a_trend(world.tenant_a, title="Vervoer")
    answer = staff.post(
        _contact_url(world, "contact_signal", contact),
        {"signaal-is_signal": "on", "signaal-trend": trend.pk},
        HTTP_HX_REQUEST="true",
    )
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "<html" not in text and 'id="signaal-blok"' in text
    assert "data-announce=" in text and "in de trend <strong>Vervoer</strong>" in text


def test_a_trend_of_tenant_b_is_refused_and_changes_nothing(world, staff):
    contact, theirs = a_contact(world.tenant_a), a_trend(world.tenant_b, title="GEHEIM-B")
    answer = staff.post(
        _contact_url(world, "contact_signal", contact),
        {"signaal-is_signal": "on", "signaal-trend": theirs.pk},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 422
    assert "Kies een trend uit de lijst" in answer.content.decode()
    with scopes_disabled():
        contact.refresh_from_db()
    assert not contact.is_signal and contact.trend is None and contact.revision == 1


# --- Who may ------------------------------------------------------------------------------------


def test_a_granted_loket_member_uses_every_page(world, login):
    consulent = a_consulent(world)
    client = login(consulent.user)
    contact, trend = a_contact(world.tenant_a), a_trend(world.tenant_a)
    for name in ("contact_list", "contact_create"):
        assert client.get(_url(world, name)).status_code == 200
    for name in ("contact_detail", "contact_edit", "contact_close"):
        assert client.get(_contact_url(world, name, contact)).status_code == 200
    answer = client.post(
        _contact_url(world, "contact_signal", contact),
        {"signaal-is_signal": "on", "signaal-trend": trend.pk},
    )
    assert answer.status_code == 302
    answer = client.post(_url(world, "contact_create"), _form())
    assert answer.status_code == 302
    with scopes_disabled():
        assert Contact.objects.filter(created_by=consulent.user).exists()


@pytest.mark.parametrize(
    "role", [Role.LOKET, Role.TOEZICHT, Role.ZORGCOORDINATOR, Role.DESKUNDIGE, Role.INSPECTIE]
)
def test_any_other_role_gets_a_403(world, login, role):
    client = login(world.user(role))
    contact = a_contact(world.tenant_a)
    assert client.get(_url(world, "contact_list")).status_code == 403
    assert client.get(_contact_url(world, "contact_detail", contact)).status_code == 403
    assert client.post(_url(world, "contact_create"), _form()).status_code == 403
    assert client.post(_contact_url(world, "contact_signal", contact)).status_code == 403
    with scopes_disabled():
        assert Contact.objects.count() == 1


def test_an_edit_does_not_move_the_date_after_closing(world, staff):
    contact = a_contact(world.tenant_a, received_on=TODAY - datetime.timedelta(days=5))
    closed = TODAY - datetime.timedelta(days=3)
    with scopes_disabled():
        Contact.objects.filter(pk=contact.pk).update(closed_on=closed)
    answer = staff.post(
        _contact_url(world, "contact_edit", contact),
        _form(revision=1, received_on=TODAY.strftime("%d-%m-%Y")),
    )
    assert answer.status_code == 422
    assert f"afgesloten op {closed:%d-%m-%Y}" in answer.content.decode()
    with scopes_disabled():
        assert Contact.objects.get(pk=contact.pk).received_on == contact.received_on
