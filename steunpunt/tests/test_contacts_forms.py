"""The contact form on any input: a Dutch error and nothing stored, or a stored contact that
keeps the rules (never a 500, never a half-stored contact or call-back)."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .. import contacts
from ..forms_contacts import ContactForm
from ..models import CallbackRequest, Contact

text = st.text(max_size=40)
dates = st.one_of(text, st.dates().map(lambda d: d.strftime("%d-%m-%Y")))
inputs = st.fixed_dictionaries(
    {
        "received_on": dates,
        "channel": st.sampled_from(["telefoon", "e-mail", "", "x"]),
        "asker": st.sampled_from(["ouder", "school", "", "y"]),
        "summary": st.text(max_size=2100),
        "actions": st.lists(st.sampled_from(["informatie", "doorverwezen", "zomaar"]), max_size=3),
        "referred_to": text,
        "follow_up_needed": st.sampled_from(["", "on"]),
        "follow_up_by": dates,
        "is_signal": st.sampled_from(["", "on"]),
        "trend": st.sampled_from(["", "999999", "abc"]),
        "cb_name": text,
        "cb_phone": text,
        "cb_email": st.sampled_from(["", "a@b.nl", "geen-adres"]),
    }
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=inputs)
def test_any_input_is_refused_in_dutch_or_stored_by_the_rules(world, data):
    with scope(tenant=world.tenant_a):
        before = Contact.objects.count(), CallbackRequest.objects.count()
        form = ContactForm(data, tenant=world.tenant_a)
        if not form.is_valid():
            assert form.errors
            assert (Contact.objects.count(), CallbackRequest.objects.count()) == before
            return
        contact = contacts.contact_register(
            tenant=world.tenant_a,
            data=form.contact_data(),
            themes=form.cleaned_data["themes"],
            callback=form.callback_data(),
        )
        assert contact.received_on <= timezone.localdate()
        assert not contact.follow_up_needed or contact.follow_up_by >= contact.received_on
        assert ("doorverwezen" in contact.actions) == bool(contact.referred_to)
        assert contact.trend is None
