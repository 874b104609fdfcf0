"""The kwaliteitskalender as iCalendar (RFC 5545), for a member's secret address.

``feed_for_token``: the feed a token opens, or None. A calendar program cannot log in, so the
token is the key: looked up by its SHA-256 (the token itself is never stored or compared), and
only while the address is not revoked, its owner is an active user who is still a member of the
tenant, and that membership may read the kwaliteitskalender and use the feed. A browser that is
logged in as someone else gets nothing either: an address is one person's.

``feed_ics``: every due date of the current and the next school year (``calendar_year``, as the
page shows them) as an all-day event with a stable UID, and the member's own jaarplan activities
with a date. Only the feed's tenant is read.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar, Event

from swvportal.accounts.permissions import can
from swvportal.accounts.selectors import membership_for
from swvportal.core.schoolyear import SchoolYear

from ..calendar_rules import describe
from ..jaarplan_rules import due_label
from ..models import Activity, CalendarCategory, CalendarFeed
from .calendar_selectors import Due, calendar_year, rule_of
from .selectors import VIEW, jaarplan_list

USE_FEED = "plans.use_calendar_feed"
MAX_TOKEN_LENGTH = 200  # token_urlsafe(32) is 43 characters; anything far longer is no token


def feed_for_token(token: str, *, viewer=None) -> CalendarFeed | None:
    """The active feed of ``token`` with ``.membership`` set, or None (the view answers 404)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    with scopes_disabled():  # no tenant yet: the token says which one
        feed = (
            CalendarFeed.objects.select_related("tenant", "user")
            .filter(token_hash=CalendarFeed.hash_token(token), revoked_at__isnull=True)
            .first()
        )
    if feed is None or not feed.user.is_active:
        return None
    if viewer is not None and viewer.is_authenticated and viewer.pk != feed.user_id:
        return None
    membership = membership_for(feed.user, feed.tenant)
    if membership is None or not can(membership, USE_FEED) or not can(membership, VIEW):
        return None
    feed.membership = membership
    return feed


def _host() -> str:
    return urlsplit(settings.PORTAL_URL).hostname or "swvportaal"


def absolute_url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def calendar_url(tenant, year: SchoolYear) -> str:
    path = reverse("jaarplan:calendar", kwargs={"tenant_code": tenant.code})
    return absolute_url(f"{path}?schooljaar={year.label}")


def _state(due: Due) -> str:
    if due.done is not None:
        person = due.done.done_by
        by = f" door {person.get_full_name() or person.email}" if person else ""
        return f"Gedaan op {due.done.done_on:%d-%m-%Y}{by}."
    if due.auto is not None:
        return f"Gedaan op {due.auto.on:%d-%m-%Y}: {due.auto.what}."
    return ""


def _due_event(due: Due, url: str, stamp: datetime.datetime) -> Event:
    item = due.item
    lines = [
        f"Wanneer: {_rule_text(item)}",
        f"Wie: {item.owner}" if item.owner else "",
        f"Vaststelling door: {item.adopted_by}" if item.adopted_by else "",
        f"Categorie: {CalendarCategory(item.category).label}",
        item.note,
        _state(due),
    ]
    event = Event()
    event.add("uid", f"kwaliteitskalender-{item.pk}-{due.due_date:%Y%m%d}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", due.due_date)
    event.add("dtend", due.due_date + datetime.timedelta(days=1))
    event.add("summary", f"{item.title} (gedaan)" if due.is_done else item.title)
    event.add("description", "\n".join(line for line in lines if line))
    event.add("categories", [CalendarCategory(item.category).label])
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _rule_text(item) -> str:
    return describe(rule_of(item))


def own_activities_with_date(membership, years: list[SchoolYear]) -> list[Activity]:
    """The member's activities with a date, in the newest version of each year's jaarplan
    they may read (an older version's copies would show every activity twice)."""
    newest: dict[int, int] = {}
    for jaarplan in (
        jaarplan_list(membership=membership)
        .filter(school_year__in=[y.start for y in years])
        .order_by("school_year", "version_major", "version_minor")
    ):
        newest[jaarplan.school_year] = jaarplan.pk
    return list(
        Activity.objects.filter(
            jaarplan_id__in=newest.values(),
            responsible_id=membership.user_id,
            due_date__isnull=False,
        )
        .select_related("jaarplan", "improvement")
        .order_by("due_date", "pk")
    )


def _jaarplan_url(tenant) -> str:
    try:
        path = reverse("jaarplan:jaarplan_list", kwargs={"tenant_code": tenant.code})
    except NoReverseMatch:  # the jaarplan's pages are another part's; the feed works without
        return ""
    return absolute_url(path)


def _activity_event(activity: Activity, url: str, stamp: datetime.datetime) -> Event:
    what = (activity.what or activity.result).strip().splitlines()[0][:120]
    lines = [
        f"Beoogd resultaat: {activity.result}",
        f"Wat: {activity.what}" if activity.what else "",
        f"Wie: {activity.who}" if activity.who else "",
        f"Wanneer gereed: {due_label(activity.due_date, activity.due_is_month)}",
        f"Status: {activity.get_status_display()}",
        f"Verbeterpunt: {activity.improvement}",
        str(activity.jaarplan),
    ]
    event = Event()
    event.add("uid", f"jaarplan-activiteit-{activity.uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", activity.due_date)
    event.add("dtend", activity.due_date + datetime.timedelta(days=1))
    event.add("summary", f"Jaarplan: {what}")
    event.add("description", "\n".join(line for line in lines if line))
    event.add("categories", ["Jaarplan"])
    if url:
        event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def feed_years(today: datetime.date | None = None) -> list[SchoolYear]:
    first = SchoolYear.from_date(today or timezone.localdate())
    return [first, first.next]


def feed_ics(feed: CalendarFeed, *, today: datetime.date | None = None) -> bytes:
    """The feed's calendar; runs in the feed's tenant scope."""
    tenant = feed.tenant
    years = feed_years(today)
    stamp = timezone.now().replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//SWV Portaal//Kwaliteitskalender//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Kwaliteitskalender {tenant.name}")
    cal.add("x-wr-caldesc", f"De kwaliteitskalender van {tenant.name} ({tenant.code}).")
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for year in years:
        url = calendar_url(tenant, year)
        for due in calendar_year(tenant=tenant, school_year=year):
            cal.add_component(_due_event(due, url, stamp))
    url = _jaarplan_url(tenant)
    for activity in own_activities_with_date(feed.membership, years):
        cal.add_component(_activity_event(activity, url, stamp))
    return cal.to_ical()
