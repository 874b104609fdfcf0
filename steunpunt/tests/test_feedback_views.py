"""The yearly feedback to schools (issue #16, point 4): who reads and records what, the figures
stored with small counts as "<5", Dutch validation, and bounded query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.tests.factories import SchoolFactory

from .. import feedback as data
from ..models import Contact, Feedback, TrendStatus
from .builders import a_consulent, a_contact, a_feedback, a_theme, a_trend

B, Z, T = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT
LAST = SchoolYear.current().start - 1  # a whole school year behind us
IN_LAST = SchoolYear(LAST).date_in(10, 1)


def _url(world, name, **kwargs):
    return reverse(f"steunpunt:{name}", kwargs={"tenant_code": world.tenant_a.code, **kwargs})


def _edit(world, school, year=LAST):
    return _url(world, "feedback_edit", school_year=year, school_id=school.pk)


@pytest.fixture
def contacts(world):
    """School A1 in the last school year: 7 contacts about Vervoer, 2 about Thuiszitten, one
    without theme; a trend with a signal there. One contact of the year before and one of A2."""
    vervoer, thuis = a_theme(world.tenant_a, "Vervoer"), a_theme(world.tenant_a, "Thuiszitten", 2)
    a_theme(world.tenant_a, "OPP", 3)
    a1 = {"received_on": IN_LAST, "school": world.school_a1}
    made = [
        a_contact(world.tenant_a, **a1, themes=[vervoer], summary=f"Geheime tekst {n}")
        for n in range(7)
    ]
    made += [a_contact(world.tenant_a, **a1, themes=[thuis]) for _ in range(2)]
    a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1)
    a_contact(world.tenant_a, received_on=IN_LAST - datetime.timedelta(days=365),
              school=world.school_a1, themes=[thuis])  # fmt: skip
    a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a2, themes=[vervoer])
    trend = a_trend(world.tenant_a, title="Lange reistijden", signals=[made[0]],
                    status=TrendStatus.DISCUSSED)  # fmt: skip
    a_trend(world.tenant_a, title="Andere trend")
    return {"vervoer": vervoer, "thuis": thuis, "trend": trend}


def _post(client, world, contacts, **extra):
    data = {
        "given_on": (SchoolYear(LAST).last_day - datetime.timedelta(days=10)).strftime("%d-%m-%Y"),
        "themes": [contacts["vervoer"].pk, contacts["thuis"].pk],
        "trends": [contacts["trend"].pk],
        "note": "De aantallen en de trend besproken.",
        **extra,
    }
    return client.post(_edit(world, world.school_a1), data)


def test_the_form_preselects_the_schools_themes_and_trends(world, contacts, login):
    page = login(world.user(B)).get(_edit(world, world.school_a1))
    assert page.status_code == 200
    form = page.context["form"]
    assert sorted(form.initial["themes"]) == sorted([contacts["vervoer"].pk, contacts["thuis"].pk])
    assert form.initial["trends"] == [contacts["trend"].pk]
    assert "Schrijf geen namen" in page.content.decode()


def test_saving_stores_the_figures_with_small_counts_hidden(world, contacts, login):
    response = _post(login(world.user(B)), world, contacts)
    with scopes_disabled():
        feedback = Feedback.objects.get(school=world.school_a1, school_year=LAST)
        assert {t.name for t in feedback.themes.all()} == {"Vervoer", "Thuiszitten"}
    assert response.status_code == 302
    assert response.url == _url(world, "feedback_detail", feedback_id=feedback.pk)
    figures = feedback.figures
    assert figures["contacten"] == "10"
    per_theme = {row["thema"]: row["aantal"] for row in figures["per_thema"]}
    # Thuiszitten (2) is small; without a theme (1) too: together 3, which the total minus
    # Vervoer would give back, so Vervoer is hidden as well.
    assert per_theme == {"Thuiszitten": "<5", "Vervoer": "<5"}
    assert figures["zonder_thema"] == "<5"
    assert figures["trends"] == [{"titel": "Lange reistijden", "status": "Besproken met scholen"}]
    assert feedback.recorded_by == world.user(B)


def test_one_hidden_part_hides_the_smallest_other_too(world, login):
    vervoer, thuis = a_theme(world.tenant_a, "Vervoer"), a_theme(world.tenant_a, "Thuiszitten", 2)
    for _ in range(6):
        a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1, themes=[vervoer])
    for _ in range(3):
        a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1, themes=[thuis])
    with scopes_disabled():
        figures = data.shared_figures(school=world.school_a1, school_year=LAST)
    assert figures["contacten"] == "9"
    assert {r["thema"]: r["aantal"] for r in figures["per_thema"]} == {
        "Thuiszitten": "<5",
        "Vervoer": "<5",
    }


def test_hidden_parts_that_add_up_to_five_or_more_leave_the_others_shown(world):
    themes = [a_theme(world.tenant_a, name, n) for n, name in enumerate(("A", "B", "C"), 1)]
    for theme, count in zip(themes, (3, 4, 8), strict=True):
        for _ in range(count):
            a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1, themes=[theme])
    with scopes_disabled():
        figures = data.shared_figures(school=world.school_a1, school_year=LAST)
    assert figures["contacten"] == "15"
    assert {r["thema"]: r["aantal"] for r in figures["per_thema"]} == {
        "A": "<5",
        "B": "<5",
        "C": "8",
    }


def test_a_total_of_one_to_four_is_stored_as_small(world, login):
    a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1)
    with scopes_disabled():
        figures = data.shared_figures(school=world.school_a1, school_year=LAST)
    assert figures["contacten"] == "<5"


def test_the_detail_shows_what_was_shared_and_no_contact_text(world, contacts, login):
    _post(login(world.user(B)), world, contacts)
    with scopes_disabled():
        feedback = Feedback.objects.get(school=world.school_a1, school_year=LAST)
        references = [c.reference for c in Contact.objects.all()]
    for role in (B, Z, T):
        page = login(world.user(role)).get(_url(world, "feedback_detail", feedback_id=feedback.pk))
        assert page.status_code == 200, role
        text = page.content.decode()
        assert "Lange reistijden" in text and "&lt;5" in text and "De aantallen en de trend" in text
        assert "Geheime tekst" not in text
        assert not any(reference in text for reference in references)


def test_a_zorgcoordinator_reads_their_school_only(world, login):
    own, other = a_feedback(world.school_a1, LAST), a_feedback(world.school_a2, LAST)
    client = login(world.user(Z))
    assert client.get(_url(world, "feedback_detail", feedback_id=own.pk)).status_code == 200
    assert client.get(_url(world, "feedback_detail", feedback_id=other.pk)).status_code == 404
    page = client.get(_url(world, "feedback_list") + f"?schooljaar={LAST}")
    text = page.content.decode()
    assert "Alfa College" in text and "Alfa Lyceum" not in text
    assert "1 van de 1 school, 100%" in text
    assert "Terugkoppeling vastleggen" not in text


def test_the_list_shows_the_share_and_staff_record_per_school(world, login):
    a_feedback(world.school_a1, LAST)
    page = login(world.user(B)).get(_url(world, "feedback_list") + f"?schooljaar={LAST}")
    text = page.content.decode()
    assert "1 van de 2 scholen, 50%" in text
    assert "Terugkoppeling vastleggen" in text and "Terugkoppeling wijzigen" in text
    assert _edit(world, world.school_a2) in text
    toezicht = login(world.user(T)).get(_url(world, "feedback_list") + f"?schooljaar={LAST}")
    assert "1 van de 2 scholen, 50%" in toezicht.content.decode()
    assert "Terugkoppeling vastleggen" not in toezicht.content.decode()


def test_the_list_defaults_to_the_current_school_year(world, login):
    page = login(world.user(B)).get(_url(world, "feedback_list"))
    assert page.context["school_year"] == SchoolYear.current().start
    assert "0 van de 2 scholen, 0%" in page.content.decode()


def test_loket_gets_403_and_a_granted_loket_member_records(world, contacts, login):
    assert login(world.user(Role.LOKET)).get(_url(world, "feedback_list")).status_code == 403
    assert login(world.user(Role.LOKET)).get(_edit(world, world.school_a1)).status_code == 403
    assert _post(login(world.user(Role.LOKET)), world, contacts).status_code == 403
    consulent = a_consulent(world)
    assert _post(login(consulent.user), world, contacts).status_code == 302
    with scopes_disabled():
        feedback = Feedback.objects.get(school=world.school_a1)
    assert feedback.recorded_by == consulent.user
    page = login(consulent.user).get(_url(world, "feedback_list") + f"?schooljaar={LAST}")
    assert "1 van de 2 scholen, 50%" in page.content.decode()
    detail = login(consulent.user).get(_url(world, "feedback_detail", feedback_id=feedback.pk))
    assert detail.status_code == 200 and "Terugkoppeling wijzigen" in detail.content.decode()


@pytest.mark.parametrize("role", [Z, T])
def test_readers_may_not_record(world, contacts, login, role):
    assert login(world.user(role)).get(_edit(world, world.school_a1)).status_code == 403
    assert _post(login(world.user(role)), world, contacts).status_code == 403
    with scopes_disabled():
        assert not Feedback.objects.exists()


def test_a_future_date_or_one_before_the_school_year_is_refused_in_dutch(world, contacts, login):
    client = login(world.user(B))
    future = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    page = _post(client, world, contacts, given_on=future)
    assert page.status_code == 400
    assert "De datum ligt in de toekomst" in page.content.decode()
    before = (SchoolYear(LAST).first_day - datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    page = _post(client, world, contacts, given_on=before)
    assert page.status_code == 400
    assert "vóór het schooljaar" in page.content.decode()
    page = _post(client, world, contacts, given_on="morgen")
    assert "Schrijf de datum als dd-mm-jjjj" in page.content.decode()
    page = _post(client, world, contacts, given_on="")
    assert "Vul de datum in" in page.content.decode()
    with scopes_disabled():
        assert not Feedback.objects.exists()


def test_saving_again_changes_the_one_round(world, contacts, login):
    client = login(world.user(B))
    _post(client, world, contacts)
    response = _post(client, world, contacts, note="Tweede versie.", trends=[])
    assert response.status_code == 302
    with scopes_disabled():
        [feedback] = Feedback.objects.all()
    assert feedback.note == "Tweede versie." and feedback.figures["trends"] == []
    page = client.get(_edit(world, world.school_a1))
    assert page.context["form"].initial["note"] == "Tweede versie."


def test_another_tenants_school_and_odd_years_are_404(world, contacts, login):
    client = login(world.user(B))
    assert client.get(_edit(world, world.school_b1)).status_code == 404
    assert client.post(_edit(world, world.school_b1), {}).status_code == 404
    assert client.get(_edit(world, world.school_a1, year=1990)).status_code == 404
    future = SchoolYear.current().start + 1
    assert client.get(_edit(world, world.school_a1, year=future)).status_code == 404
    assert client.get(_url(world, "feedback_list") + "?schooljaar=abc").status_code == 404
    other = a_feedback(world.school_b1, LAST)
    assert client.get(_url(world, "feedback_detail", feedback_id=other.pk)).status_code == 404


def test_a_theme_of_another_tenant_is_refused(world, contacts, login):
    foreign = a_theme(world.tenant_b, "Vervoer")
    page = _post(login(world.user(B)), world, contacts, themes=[foreign.pk])
    assert page.status_code == 400
    assert page.context["form"].errors["themes"] == ["Kies thema's uit de lijst."]
    assert "Kies thema&#x27;s uit de lijst." in page.content.decode()
    assert 'href="#id_themes_0"' in page.content.decode()  # the summary leads to the boxes


def test_the_list_asks_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user(B))
    url = _url(world, "feedback_list") + f"?schooljaar={LAST}"
    a_feedback(world.school_a1, LAST)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with scopes_disabled():
        for n in range(10):
            school = SchoolFactory(tenant=world.tenant_a, brin=f"11C{n}00", name=f"School {n}")
            a_feedback(school, LAST)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert page.status_code == 200
    assert "11 van de 12 scholen, 92%" in page.content.decode()


def test_the_share_rounds_half_up():
    rows = [data.SchoolRow(school=None, feedback=object())] + [
        data.SchoolRow(school=None, feedback=None) for _ in range(7)
    ]
    overview = data.Overview(LAST, rows)
    assert overview.share_label == "1 van de 8 scholen, 13%"
    assert data.Overview(LAST, []).share_label == "Geen scholen."


def test_the_form_asks_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user(B))
    themes = [a_theme(world.tenant_a, f"Thema {n}", n) for n in range(6)]
    trend = a_trend(world.tenant_a, title="Trend")
    made = [a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1,
                      themes=themes[:1]) for _ in range(2)]  # fmt: skip
    with scopes_disabled():
        Contact.objects.filter(pk=made[0].pk).update(is_signal=True, trend=trend)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_edit(world, world.school_a1)).status_code == 200
    for n in range(20):
        a_contact(world.tenant_a, received_on=IN_LAST, school=world.school_a1,
                  themes=themes[n % 6:n % 6 + 2])  # fmt: skip
    with django_assert_max_num_queries(len(few)):
        assert client.get(_edit(world, world.school_a1)).status_code == 200
