"""The weekly e-mail: who gets one and about what, the opt-out, the tenant's switch, the links,
and a number of queries that does not grow with the activities."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.digest import digest_send, send_digests
from plans.models import Activity
from plans.tasks import send_activity_digests

from .builders import a_jaarplan, adopt, an_activity

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)  # a Monday
B, Z, L, T = "bestuurder", "zorgcoordinator", "loket", "toezicht"


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def sent_to() -> dict[str, str]:
    return {message.to[0]: message for message in mail.outbox}


@pytest.fixture
def year(world):
    """A vastgesteld jaarplan: the zorgcoördinator has one late, one soon and one far-off open
    activity and one late but gereed; the loket one soon; the bestuurder none of their own."""
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    zorg, loket = world.user(Z), world.user(L)
    an_activity(jaarplan, result="Te laat", responsible=zorg, due_date=days(-10), status="loopt")
    an_activity(jaarplan, result="Binnenkort", responsible=zorg, due_date=days(14))
    an_activity(jaarplan, result="Ver weg", responsible=zorg, due_date=days(15))
    an_activity(jaarplan, result="Al klaar", responsible=zorg, due_date=days(-20), status="gereed")
    an_activity(jaarplan, result="Van het Loket", responsible=loket, due_date=days(3))
    an_activity(jaarplan, result="Niemands", due_date=days(-3))
    return adopt(jaarplan)


def test_each_responsible_member_gets_one_email_with_late_and_soon(world, year):
    with scope(tenant=world.tenant_a):
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 2
    mails = sent_to()
    assert set(mails) == {world.user(Z).email, world.user(L).email}
    zorg = mails[world.user(Z).email]
    assert zorg.subject == "Uw activiteiten in het jaarplan: 1 te laat en 1 binnenkort gereed"
    body = zorg.body
    assert "Te laat" in body and "Binnenkort" in body
    assert "Ver weg" not in body and "Al klaar" not in body and "Van het Loket" not in body
    assert body.index("Te laat (de datum") < body.index("- Te laat") < body.index("Binnen twee")
    assert "Beste " in body and "u verantwoordelijk bent" in body
    [(html, kind)] = zorg.alternatives
    assert kind == "text/html" and 'lang="nl"' in html and "Binnenkort" in html


def test_the_email_links_to_the_progress_page_and_to_the_opt_out(world, year, settings):
    settings.PORTAL_URL = "https://portaal.example/"
    with scopes_disabled():
        activity = Activity.objects.get(jaarplan=year, result="Te laat")
    with scope(tenant=world.tenant_a):
        digest_send(tenant=world.tenant_a, today=TODAY)
    body = sent_to()[world.user(Z).email].body
    assert f"https://portaal.example/VOA001/jaarplannen/activiteit/{activity.pk}/voortgang/" in body
    assert "https://portaal.example/VOA001/jaarplannen/mijn-activiteiten/" in body
    assert "niet meer krijgen" in body


def test_a_member_who_opted_out_gets_nothing(world, year):
    with scope(tenant=world.tenant_a):
        services.digest_preference_save(
            tenant=world.tenant_a, user=world.user(Z), weekly_digest=False
        )
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 1
    assert set(sent_to()) == {world.user(L).email}


def test_a_tenant_with_the_email_off_sends_nothing(world, year):
    with scope(tenant=world.tenant_a):
        services.settings_save(tenant=world.tenant_a, required_bodies=[], weekly_digest=False)
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 0
    assert mail.outbox == []


def test_nothing_due_means_no_email(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, responsible=world.user(Z), due_date=days(60))
    an_activity(jaarplan, responsible=world.user(Z), due_date=None)
    with scope(tenant=world.tenant_a):
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 0


def test_a_concept_counts_only_for_who_may_read_concepts(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, result="Concept Z", responsible=world.user(Z), due_date=days(2))
    an_activity(jaarplan, result="Concept T", responsible=world.user(T), due_date=days(2))
    with scope(tenant=world.tenant_a):
        digest_send(tenant=world.tenant_a, today=TODAY)
    assert set(sent_to()) == {world.user(Z).email}  # toezicht reads only vastgestelde


def test_only_the_live_version_counts(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, result="Eén taak", responsible=world.user(T), due_date=days(2))
    an_activity(jaarplan, result="Taak van Z", responsible=world.user(Z), due_date=days(2))
    adopted = adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        services.jaarplan_new_version(jaarplan=adopted)  # 1.1, a concept
        digest_send(tenant=world.tenant_a, today=TODAY)
    mails = sent_to()
    # The zorgcoördinator works in concept 1.1; toezicht still sees 1.0, the newest adopted one.
    assert mails[world.user(Z).email].body.count("Taak van Z") == 1
    assert "jaarplan 2026-2027" in mails[world.user(T).email].body
    assert mails[world.user(T).email].body.count("Eén taak") == 1


def test_an_evaluated_year_sends_nothing(world):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    activity = an_activity(jaarplan, responsible=world.user(Z), due_date=days(-2))
    jaarplan = adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        services.activity_evaluate(activity=activity, evaluation="niet", text="Niet gelukt.")
        services.jaarplan_set_status(jaarplan=jaarplan, status="geevalueerd")
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 0


def test_a_former_member_or_an_inactive_user_gets_nothing(world, year):
    with scopes_disabled():
        world.members[L].delete()
        user = world.user(Z)
        user.is_active = False
        user.save()
    with scope(tenant=world.tenant_a):
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 0


def test_every_tenant_gets_its_own_and_nothing_of_another(world, year):
    other = a_jaarplan(world.tenant_b, 2026)
    an_activity(other, result="Van B", responsible=world.user("outsider"), due_date=days(1))
    assert send_digests(today=TODAY) == 3
    outsider = sent_to()[world.user("outsider").email]
    assert "Van B" in outsider.body and "Te laat" not in outsider.body
    assert "Van B" not in sent_to()[world.user(Z).email].body


def test_the_task_sends_them(world, year, monkeypatch):
    import plans.jaarplan.digest as digest

    monkeypatch.setattr(digest.timezone, "localdate", lambda: TODAY)
    assert send_activity_digests.run() == 2


def test_the_queries_do_not_grow_with_the_activities(world, year, django_assert_max_num_queries):
    with scope(tenant=world.tenant_a), django_assert_max_num_queries(8) as counted:
        digest_send(tenant=world.tenant_a, today=TODAY)
    next_year = a_jaarplan(world.tenant_a, 2027)
    for n in range(10):
        for role in (Z, L, B, "deskundige"):
            an_activity(
                next_year,
                result=f"{role} {n}",
                responsible=world.user(role),
                due_date=days(n - 5),
                status="loopt",
            )
    mail.outbox.clear()
    with scope(tenant=world.tenant_a), django_assert_max_num_queries(len(counted.captured_queries)):
        # The deskundige reads no concepts, so their activities in the concept 2027 wait.
        assert digest_send(tenant=world.tenant_a, today=TODAY) == 3
