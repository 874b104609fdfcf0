"""The rules of part "trends" without a page: the services refuse what the forms refuse, and
the guarded links fall back to "#" for a page that does not exist (yet)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from .. import rules, trends
from ..models import Contact, Trend, TrendStatus
from .builders import a_contact, a_theme, a_trend


def _data(**changes):
    return {
        "title": "Vervoer na de herfstvakantie",
        "description": "",
        "status": TrendStatus.SIGNALLED,
        "action_taken": "",
        "signalled_on": timezone.localdate(),
        "closed_on": None,
        **changes,
    }


def test_the_service_refuses_what_the_form_refuses(world):
    today = timezone.localdate()
    with scopes_disabled():
        with pytest.raises(ValidationError) as refused:
            trends.trend_create(tenant=world.tenant_a, data=_data(status=TrendStatus.CLOSED))
        assert set(refused.value.message_dict) == {"action_taken", "closed_on"}
        with pytest.raises(ValidationError) as refused:
            trends.trend_create(
                tenant=world.tenant_a, data=_data(signalled_on=today + datetime.timedelta(1))
            )
        assert "toekomst" in refused.value.message_dict["signalled_on"][0]
        assert not Trend.objects.exists()


def test_themes_of_another_tenant_are_not_linked(world):
    mine, theirs = a_theme(world.tenant_a, "Vervoer"), a_theme(world.tenant_b, "Vervoer")
    with scopes_disabled():
        trend = trends.trend_create(tenant=world.tenant_a, data=_data(), themes=[mine, theirs])
        assert list(trend.themes.all()) == [mine]


def test_a_stale_revision_changes_nothing(world):
    trend = a_trend(world.tenant_a)
    with scopes_disabled():
        trends.trend_update(trend=trend, data=_data(title="Eerste"), revision=1)
        with pytest.raises(ValidationError, match="intussen gewijzigd"):
            trends.trend_update(trend=trend, data=_data(title="Tweede"), revision=1)
        saved = Trend.objects.get(pk=trend.pk)
        assert saved.title == "Eerste" and saved.revision == 2


def test_adding_a_signal_refuses_another_tenant_and_another_trend(world):
    trend, other = a_trend(world.tenant_a), a_trend(world.tenant_a, title="Ander")
    theirs = a_contact(world.tenant_b)
    taken = a_contact(world.tenant_a, is_signal=True, trend=other)
    plain = a_contact(world.tenant_a)
    with scopes_disabled():
        with pytest.raises(ValidationError):
            trends.trend_signal_add(trend=trend, contact=theirs)
        with pytest.raises(ValidationError, match="andere trend"):
            trends.trend_signal_add(trend=trend, contact=taken)
        added = trends.trend_signal_add(trend=trend, contact=plain)
        assert added.is_signal and added.trend_id == trend.pk and added.revision == 2
        assert Contact.objects.get(pk=theirs.pk).trend_id is None
        with pytest.raises(ValidationError):
            trends.trend_signal_remove(trend=other, contact=plain)


def test_the_number_of_contacts_follows_the_grand_total(world):
    """7 on Vervoer in September, 2 without a theme in October: toezicht reads 9 in all (two
    hidden row totals, 7 and 2, make it up); with 2 contacts in all, the grand total is small
    and the number of contacts is not shown at all."""
    theme = a_theme(world.tenant_a, "Vervoer")
    for _ in range(7):
        a_contact(world.tenant_a, received_on=datetime.date(2024, 9, 2), themes=[theme])
    for _ in range(2):
        a_contact(world.tenant_a, received_on=datetime.date(2024, 10, 2))
    with scopes_disabled():
        table = trends.overview_table(tenant=world.tenant_a, school_year=2024, suppress=True)
        small = trends.overview_table(tenant=world.tenant_a, school_year=2025, suppress=True)
    assert [r.total.label for r in table.rows] == ["<5", "<5"]  # 7 hidden with the 2
    assert table.contacts == "9" and table.totals.total.label == "9"
    assert small.contacts == "0"
    for _ in range(2):
        a_contact(world.tenant_a, received_on=datetime.date(2025, 9, 2))
    with scopes_disabled():
        small = trends.overview_table(tenant=world.tenant_a, school_year=2025, suppress=True)
    assert small.totals.total.hidden and small.contacts == ""
    assert "<5 keer een thema genoemd." in small.description


@pytest.mark.parametrize(
    "parts, hidden",
    [
        ({"a": 8, "b": 2, "c": 1}, {"a", "b", "c"}),  # 2 + 1 = 3 would be the total minus 8
        ({"a": 8, "b": 3, "c": 7}, {"b", "c"}),  # one small one: the smallest other goes too
        ({"a": 8, "b": 3, "c": 2, "d": 9}, {"b", "c"}),  # 3 + 2 = 5: not small
        ({"a": 8, "b": 0, "c": 9}, set()),
        ({"a": 4, "b": 4}, {"a", "b"}),  # together 8: no small sum to give back
    ],
)
def test_protect_parts_leaves_no_small_sum_to_a_shown_total(parts, hidden):
    labels = rules.protect_parts(parts, suppress=True)
    assert {key for key, label in labels.items() if label == rules.SMALL_LABEL} == hidden
    assert rules.protect_parts(parts, suppress=False) == {k: str(v) for k, v in parts.items()}
