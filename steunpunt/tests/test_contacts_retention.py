"""What happens to a contact's personal data: closing deletes the call-back row at once (the
issue's acceptance point); after the tenant's term the retention registry empties the free texts
and the call-back row, the counts stay ("time travel": a ``today`` far after closing); an open
contact is never anonymised; and the nightly task covers contacts. Also the services of part
"contacts" (tagging a signal, the edit's rules)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from swvportal.core.pupils import pupil_records_anonymise
from swvportal.core.schoolyear import add_years

from .. import contacts, services
from ..models import CallbackRequest, Contact, SteunpuntSettings
from .builders import a_contact, a_theme, a_trend

RECEIVED = datetime.date(2024, 3, 1)
CLOSED = datetime.date(2024, 3, 15)
CALLBACK = {"name": "Ouder A", "phone": "0612345678", "best_time": "ochtend"}


def _texts(**extra) -> dict:
    return {
        "received_on": RECEIVED,
        "message": "Mijn kind zit thuis.",
        "summary": "Thuiszitten, school zoekt plek.",
        "actions": ["doorverwezen"],
        "referred_to": "Leerplicht",
        "follow_up_needed": True,
        "follow_up_by": datetime.date(2024, 3, 10),
        "follow_up_note": "Nabellen over plek",
        **extra,
    }


def _closed_contact(world, **extra) -> Contact:
    contact = a_contact(
        world.tenant_a, themes=[a_theme(world.tenant_a)], callback=CALLBACK, **_texts(**extra)
    )
    with scopes_disabled():
        return services.contact_close(contact=contact, on=CLOSED)


def test_closing_deletes_the_callback_row(world):
    contact = a_contact(world.tenant_a, received_on=RECEIVED, callback=CALLBACK)
    with scopes_disabled():
        assert CallbackRequest.objects.filter(contact=contact).exists()
        services.contact_close(contact=contact, on=CLOSED)
        assert not CallbackRequest.objects.filter(contact=contact).exists()
        assert Contact.objects.get(pk=contact.pk).closed_on == CLOSED
        with pytest.raises(ValidationError, match="afgesloten"):
            services.callback_set(contact=Contact.objects.get(pk=contact.pk), data=CALLBACK)


def test_after_the_term_the_free_texts_and_the_callback_go_and_the_counts_stay(world):
    contact = _closed_contact(world)
    with scopes_disabled():
        # A call-back row left behind (say, from before closing deleted it) goes with the texts.
        CallbackRequest.objects.create(tenant=world.tenant_a, contact=contact, **CALLBACK)
        count = pupil_records_anonymise(
            tenant=world.tenant_a, today=add_years(CLOSED, 1) + datetime.timedelta(days=1)
        )
        assert count == 1
        contact.refresh_from_db()
        assert contact.anonymised_at is not None
        for name in ("message", "summary", "referred_to", "follow_up_note"):
            assert getattr(contact, name) == ""
        assert not CallbackRequest.objects.filter(contact=contact).exists()
        # What counts in the figures stays.
        assert Contact.objects.filter(tenant=world.tenant_a).count() == 1
        assert contact.received_on == RECEIVED and contact.closed_on == CLOSED
        assert contact.themes.count() == 1 and contact.actions == ["doorverwezen"]
        # Idempotent: a second run changes nothing.
        assert pupil_records_anonymise(tenant=world.tenant_a, today=datetime.date(2030, 1, 1)) == 0


def test_with_a_term_of_two_years_a_contact_closed_18_months_ago_is_kept(world):
    with scopes_disabled():
        settings = services.steunpunt_settings(world.tenant_a)
        SteunpuntSettings.objects.filter(pk=settings.pk).update(retention_years=2)
    contact = _closed_contact(world)
    with scopes_disabled():
        eighteen_months = datetime.date(2025, 9, 15)
        assert pupil_records_anonymise(tenant=world.tenant_a, today=eighteen_months) == 0
        contact.refresh_from_db()
        assert contact.anonymised_at is None and contact.summary
        after_two_years = add_years(CLOSED, 2) + datetime.timedelta(days=1)
        assert pupil_records_anonymise(tenant=world.tenant_a, today=after_two_years) == 1


def test_an_open_contact_is_never_anonymised(world):
    contact = a_contact(world.tenant_a, callback=CALLBACK, **_texts())
    with scopes_disabled():
        assert pupil_records_anonymise(tenant=world.tenant_a, today=datetime.date(2099, 1, 1)) == 0
        contact.refresh_from_db()
        assert contact.anonymised_at is None and contact.summary and contact.message
        assert CallbackRequest.objects.filter(contact=contact).exists()


def test_the_nightly_task_covers_contacts(world):
    from swvportal.core.tasks import anonymise_expired_pupil_records

    contact = _closed_contact(world)  # closed in 2024: past the default term of one year
    kept = a_contact(world.tenant_b, summary="Nog open")
    assert anonymise_expired_pupil_records.run() >= 1
    with scopes_disabled():
        contact.refresh_from_db()
        kept.refresh_from_db()
    assert contact.anonymised_at is not None and contact.summary == ""
    assert kept.anonymised_at is None and kept.summary == "Nog open"


# --- The services of part "contacts" ------------------------------------------------------------


def test_tagging_a_signal_takes_a_trend_of_the_same_tenant_only(world):
    contact = a_contact(world.tenant_a)
    mine, theirs = a_trend(world.tenant_a), a_trend(world.tenant_b)
    with scopes_disabled():
        with pytest.raises(ValidationError, match="eigen steunpunt"):
            contacts.contact_tag_signal(contact, True, theirs)
        contact.refresh_from_db()
        assert not contact.is_signal and contact.trend is None
        tagged = contacts.contact_tag_signal(contact, True, mine)
        assert tagged.is_signal and tagged.trend == mine
        untagged = contacts.contact_tag_signal(tagged, False, mine)
        assert not untagged.is_signal and untagged.trend is None
        assert Contact.objects.get(pk=contact.pk).revision == 3


def test_an_update_clears_what_no_longer_applies(world):
    contact = a_contact(world.tenant_a, callback=CALLBACK, **_texts())
    data = {
        **_texts(actions=["informatie"], follow_up_needed=False),
        "channel": "telefoon",
        "asker": "ouder",
        "school": None,
        "is_signal": False,
        "trend": None,
    }
    data.pop("message")
    with scopes_disabled():
        changed = contacts.contact_update(contact=contact, data=data, revision=1, callback={})
        assert changed.referred_to == "" and changed.follow_up_by is None
        assert changed.message == "Mijn kind zit thuis."  # the asker's words stay
        assert not CallbackRequest.objects.filter(contact=contact).exists()
        with pytest.raises(ValidationError, match="intussen door iemand anders"):
            contacts.contact_update(contact=contact, data=data, revision=1)
        with pytest.raises(ValidationError):
            contacts.contact_update(
                contact=changed, data={**data, "school": world.school_b1}, revision=2
            )
        assert Contact.objects.get(pk=contact.pk).revision == 2
