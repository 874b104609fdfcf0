"""The trend pages: the list (filters, counts "<5" for toezicht), a trend (its counts, for staff
its signals), new and edit (Dutch validation, nothing stored, stale revision), adding and
removing signals; toezicht reads without any contact reference and may change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.audit.models import AuditEntry

from ..models import Contact, Trend, TrendStatus
from .builders import a_consulent, a_contact, a_theme, a_trend

B, T = Role.BESTUURDER, Role.TOEZICHT


def _url(world, name, **kwargs):
    return reverse(f"steunpunt:{name}", kwargs={"tenant_code": world.tenant_a.code, **kwargs})


def _signals(world, n, **fields):
    return [a_contact(world.tenant_a, is_signal=True, **fields) for _ in range(n)]


@pytest.fixture
def vervoer(world):
    return a_theme(world.tenant_a, "Vervoer", 1)


@pytest.fixture
def trend(world, vervoer):
    signals = _signals(world, 3, themes=[vervoer], school=world.school_a1)
    found = a_trend(world.tenant_a, title="Lange reistijd", signals=signals)
    with scopes_disabled():
        found.themes.set([vervoer])
    return found


def _form(**changes):
    data = {
        "title": "Wachttijd jeugdhulp",
        "description": "Ouders wachten lang.",
        "status": TrendStatus.SIGNALLED,
        "action_taken": "",
        "signalled_on": timezone.localdate().strftime("%d-%m-%Y"),
        "closed_on": "",
    }
    data.update(changes)
    return data


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_counts_to_staff_and_less_than_five_to_toezicht(world, trend, login):
    staff = login(world.user(B)).get(_url(world, "trend_list")).content.decode()
    assert "Lange reistijd" in staff and "Vervoer" in staff and "Nieuwe trend" in staff
    assert '<td class="num">3</td>' in staff
    reader = login(world.user(T)).get(_url(world, "trend_list")).content.decode()
    assert "Lange reistijd" in reader and "&lt;5" in reader
    assert '<td class="num">3</td>' not in reader and "Nieuwe trend" not in reader
    with scopes_disabled():
        for contact in trend.signals.all():
            assert contact.reference not in reader


def test_the_list_filters_on_status_and_theme_and_says_when_empty(world, trend, login, vervoer):
    other = a_trend(world.tenant_a, title="Thuiszitters na de zomer", status=TrendStatus.ACTION)
    client = login(world.user(B))
    by_status = client.get(_url(world, "trend_list") + "?status=actie").content.decode()
    assert "Thuiszitters na de zomer" in by_status and "Lange reistijd" not in by_status
    by_theme = client.get(_url(world, "trend_list") + f"?thema={vervoer.pk}").content.decode()
    assert "Lange reistijd" in by_theme and other.title not in by_theme
    sorted_page = client.get(_url(world, "trend_list") + "?sort=title")
    assert sorted_page.status_code == 200
    empty = client.get(_url(world, "trend_list") + "?status=afgesloten").content.decode()
    assert "Er is nog geen trend vastgelegd." in empty


def test_first_and_last_seen_come_from_the_signals_or_the_signalled_date(world, login):
    early, late = datetime.date(2025, 1, 10), datetime.date(2025, 4, 2)
    signals = [
        a_contact(world.tenant_a, is_signal=True, received_on=early),
        a_contact(world.tenant_a, is_signal=True, received_on=late),
    ]
    a_trend(world.tenant_a, title="Met signalen", signals=signals)
    a_trend(world.tenant_a, title="Zonder signalen", signalled_on=datetime.date(2024, 5, 6))
    text = login(world.user(B)).get(_url(world, "trend_list")).content.decode()
    assert "10-01-2025" in text and "02-04-2025" in text and "06-05-2024" in text
    reader = login(world.user(T)).get(_url(world, "trend_list")).content.decode()
    assert "10-01-2025" not in reader and "jan 2025" in reader  # toezicht: the month only


# --- One trend ---------------------------------------------------------------------------------


def test_staff_see_the_signals_with_links_and_the_read_is_logged(world, trend, login):
    text = login(world.user(B)).get(_url(world, "trend_detail", trend_id=trend.pk)).content.decode()
    with scopes_disabled():
        signals = list(trend.signals.all())
        assert all(s.reference in text for s in signals)
        assert "Vraag over de aanvraag" not in text  # no free text in the list
        entry = AuditEntry.objects.get(additional_data__what="steunpunt: signalen van een trend")
        assert entry.additional_data["count"] == 3
    assert "Uit deze trend halen" in text and "Alfa College" in text


def test_toezicht_reads_the_trend_in_aggregates_only(world, trend, login):
    with scopes_disabled():
        trend.description = "Ouders melden dat de reistijd langer is dan een uur."
        trend.save()
    page = login(world.user(T)).get(_url(world, "trend_detail", trend_id=trend.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "langer is dan een uur" in text and "&lt;5" in text
    assert "Alfa College" not in text and "Signaal toevoegen" not in text
    assert "Trend wijzigen" not in text
    with scopes_disabled():
        for contact in trend.signals.all():
            assert contact.reference not in text


def test_staff_add_a_signal_and_remove_it_with_a_message(world, trend, login):
    client = login(world.user(B))
    new = a_contact(world.tenant_a, is_signal=True)
    elsewhere = a_trend(world.tenant_a, title="Ander")
    taken = a_contact(world.tenant_a, is_signal=True, trend=elsewhere)
    detail = client.get(_url(world, "trend_detail", trend_id=trend.pk)).content.decode()
    assert f'value="{new.pk}"' in detail and f'value="{taken.pk}"' not in detail
    add = _url(world, "trend_signal_add", trend_id=trend.pk)
    response = client.post(add, {"signaal-contact": new.pk}, follow=True)
    assert "hoort nu bij deze trend" in response.content.decode()
    with scopes_disabled():
        assert Contact.objects.get(pk=new.pk).trend_id == trend.pk
    refused = client.post(add, {"signaal-contact": taken.pk})
    assert refused.status_code == 422
    assert "kan niet (meer) worden toegevoegd" in refused.content.decode()
    remove = _url(world, "trend_signal_remove", trend_id=trend.pk, contact_id=new.pk)
    response = client.post(remove, follow=True)
    assert "uit deze trend gehaald" in response.content.decode()
    with scopes_disabled():
        removed = Contact.objects.get(pk=new.pk)
        assert removed.trend_id is None and removed.is_signal
        assert Contact.objects.get(pk=taken.pk).trend_id == elsewhere.pk
    # Not a signal of this trend (any more): a 404.
    assert client.post(remove).status_code == 404


def test_another_tenants_contact_cannot_be_added(world, trend, login):
    theirs = a_contact(world.tenant_b, is_signal=True)
    response = login(world.user(B)).post(
        _url(world, "trend_signal_add", trend_id=trend.pk), {"signaal-contact": theirs.pk}
    )
    assert response.status_code == 422
    with scopes_disabled():
        assert Contact.objects.get(pk=theirs.pk).trend_id is None


# --- New and edit --------------------------------------------------------------------------------


def test_staff_make_a_trend(world, login, vervoer):
    client = login(world.user(B))
    form = client.get(_url(world, "trend_create")).content.decode()
    assert "Schrijf geen namen" in form
    response = client.post(_url(world, "trend_create"), _form(themes=[vervoer.pk]), follow=True)
    assert "is vastgelegd" in response.content.decode()
    with scopes_disabled():
        made = Trend.objects.get(title="Wachttijd jeugdhulp")
        assert made.tenant == world.tenant_a and list(made.themes.all()) == [vervoer]
        assert made.created_by == world.user(B)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": TrendStatus.ACTION}, "Beschrijf welke actie is ondernomen"),
        (
            {"status": TrendStatus.CLOSED, "action_taken": "Gesprek met scholen."},
            "Vul in wanneer de trend is afgesloten",
        ),
        (
            {
                "status": TrendStatus.CLOSED,
                "action_taken": "Gesprek.",
                "signalled_on": "10-03-2025",
                "closed_on": "01-03-2025",
            },
            "niet af vóór de datum",
        ),
        (
            {
                "status": TrendStatus.CLOSED,
                "action_taken": "Gesprek.",
                "closed_on": (timezone.localdate() + datetime.timedelta(days=2)).strftime(
                    "%d-%m-%Y"
                ),
            },
            "ligt in de toekomst",
        ),
        ({"closed_on": "01-03-2025"}, "alleen een datum van afsluiten"),
        ({"title": ""}, "Geef de trend een titel"),
        ({"signalled_on": "31-02-2025"}, "geldige datum"),
    ],
)
def test_a_bad_trend_is_refused_in_dutch_and_nothing_is_stored(world, login, changes, message):
    response = login(world.user(B)).post(_url(world, "trend_create"), _form(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Trend.objects.exists()


def test_staff_edit_a_trend_and_a_stale_revision_is_refused(world, trend, login):
    client = login(world.user(B))
    url = _url(world, "trend_edit", trend_id=trend.pk)
    page = client.get(url).content.decode()
    assert 'name="revision" value="1"' in page and "Lange reistijd" in page
    closed = _form(
        title="Lange reistijd",
        status=TrendStatus.CLOSED,
        action_taken="Afspraken met de vervoerder.",
        closed_on=timezone.localdate().strftime("%d-%m-%Y"),
        revision=1,
    )
    response = client.post(url, closed, follow=True)
    assert "De trend is opgeslagen." in response.content.decode()
    with scopes_disabled():
        saved = Trend.objects.get(pk=trend.pk)
        assert saved.status == TrendStatus.CLOSED and saved.revision == 2
        assert not saved.themes.exists()  # no theme ticked: none kept
    stale = client.post(url, {**closed, "title": "Overschreven", "revision": 1})
    assert stale.status_code == 422
    assert "intussen gewijzigd door iemand anders" in stale.content.decode()
    with scopes_disabled():
        assert Trend.objects.get(pk=trend.pk).title == "Lange reistijd"


# --- Who may -------------------------------------------------------------------------------------


def test_toezicht_may_change_nothing(world, trend, login):
    client = login(world.user(T))
    with scopes_disabled():
        signal = trend.signals.first()
    new = a_contact(world.tenant_a, is_signal=True)
    assert client.get(_url(world, "trend_create")).status_code == 403
    assert client.post(_url(world, "trend_create"), _form()).status_code == 403
    assert client.get(_url(world, "trend_edit", trend_id=trend.pk)).status_code == 403
    assert client.post(_url(world, "trend_edit", trend_id=trend.pk), _form()).status_code == 403
    add = _url(world, "trend_signal_add", trend_id=trend.pk)
    assert client.post(add, {"signaal-contact": new.pk}).status_code == 403
    remove = _url(world, "trend_signal_remove", trend_id=trend.pk, contact_id=signal.pk)
    assert client.post(remove).status_code == 403
    for name in ("overview", "trend_list"):
        assert client.get(_url(world, name)).status_code == 200
    assert client.get(_url(world, "trend_detail", trend_id=trend.pk)).status_code == 200
    with scopes_disabled():
        assert Trend.objects.count() == 1 and trend.signals.count() == 3
        assert Contact.objects.get(pk=new.pk).trend_id is None


def test_toezicht_pages_hold_no_contact_reference(world, trend, login):
    client = login(world.user(T))
    with scopes_disabled():
        references = [c.reference for c in Contact.objects.filter(tenant=world.tenant_a)]
    pages = [
        _url(world, "overview"),
        _url(world, "trend_list"),
        _url(world, "trend_detail", trend_id=trend.pk),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert not [r for r in references if r in text], url


def test_a_granted_loket_member_handles_trends(world, trend, login):
    client = login(a_consulent(world).user)
    assert client.get(_url(world, "trend_list")).status_code == 200
    assert client.get(_url(world, "trend_edit", trend_id=trend.pk)).status_code == 200
    response = client.post(_url(world, "trend_create"), _form(), follow=True)
    assert "is vastgelegd" in response.content.decode()


def test_the_loket_without_a_grant_gets_a_403(world, trend, login):
    client = login(world.user(Role.LOKET))
    assert client.get(_url(world, "trend_list")).status_code == 403
    assert client.get(_url(world, "trend_detail", trend_id=trend.pk)).status_code == 403


def test_toezicht_cannot_sort_on_the_hidden_counts(world, trend, login):
    a_trend(world.tenant_a, title="Zonder signalen")
    reader = login(world.user(T)).get(_url(world, "trend_list")).content.decode()
    assert "sort=signal_count" not in reader
    staff = login(world.user(B)).get(_url(world, "trend_list")).content.decode()
    assert "sort=signal_count" in staff
    sorted_ = login(world.user(T)).get(_url(world, "trend_list") + "?sort=-signal_count")
    assert sorted_.status_code == 200
    assert sorted_.context["table"].order_by != ("-signal_count",)
