"""The demo tenant's ouder- en jeugdsteunpunt (RefSVO, VO0001): part "demo".

Fictional from top to bottom: no contact names anyone, the summaries are short neutral notes,
the one call-back request is "Voorbeeld Ouder" with the number 06 0000 0000. What it holds:

* the default themes (``services.themes_ensure_defaults``);
* 76 contacts over two school years, the previous and the current one (relative to today):
  spread over the months (fewer in the summer), channels, askers, schools (a few without one)
  and themes; most closed, a few open with a follow-up (one of them overdue), and two open
  contacts from the public form, one with a call-back request;
* four trends with their signals, each with another status, two with the action taken, and a
  few signals not (yet) in a trend;
* feedback rounds: for the previous school year to seven of the ten schools, for the current
  one to three, the zorgcoördinator's school (Lindenhof College, 99RA00) in both;
* the Loket's demo user (``loket@refsvo.example``) staffs the steunpunt as an ouder- en
  jeugdconsulent: the three grantable capabilities in person (``extra_capabilities``).

Idempotent: a tenant with contacts gets no new ones, and the printed line is counted from the
database, so a second run prints the same. A fixed ``random.Random`` keeps the set the same
from one run to the next; the rows go in with ``bulk_create`` (and their audit entries with
``log_created``), so the whole seed takes a fraction of a second.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.audit.services import log_created
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School, Tenant

from .feedback import shared_figures
from .models import (
    Action,
    Asker,
    CallbackRequest,
    Channel,
    Contact,
    Feedback,
    Theme,
    Trend,
    TrendStatus,
)
from .selectors import HANDLE
from .services import themes_ensure_defaults

SEED = 16_2026
DAY = datetime.timedelta(days=1)
CONSULENT_EMAIL = "loket@refsvo.example"
CONSULENT_GRANTS = [HANDLE]  # which implies reading the overview and the feedback
STAFF_EMAILS = (CONSULENT_EMAIL, "bestuurder@refsvo.example")
ZORG_SCHOOL = "99RA00"  # zorg@refsvo.example's school: feedback in both years
FEEDBACK_PREVIOUS = ("99RA00", "99RB00", "99RC00", "99RD00", "99RF00", "99RG00", "99RH00")
FEEDBACK_CURRENT = ("99RA00", "99RB00", "99RG00")

# Contacts that are no signal, per school year (the signals come from ``TRENDS`` and ``LOOSE``).
OTHERS = {"previous": 36, "current": 13}
# A school year's months from August: how busy the steunpunt is (quiet in the holidays).
MONTH_WEIGHTS = (1, 4, 5, 5, 4, 3, 4, 4, 3, 4, 4, 1)
CHANNELS = [Channel.PHONE] * 8 + [Channel.EMAIL] * 5 + [Channel.MEETING] * 3 + [Channel.OTHER]
ASKERS = [Asker.PARENT] * 13 + [Asker.PUPIL] * 3 + [Asker.SCHOOL] * 3 + [Asker.OTHER]
REFERRALS = (
    "Wijkteam van de gemeente",
    "Leerplicht",
    "Onderwijsconsulenten",
    "Jeugdhulp van de gemeente",
    "Loket van het samenwerkingsverband",
)
NOTES = {
    "Toelating en TLV": (
        "Vraag hoe een aanvraag voor een TLV verloopt en hoe lang die duurt.",
        "Uitleg gegeven over wat een TLV betekent voor de overstap naar het vso.",
        "Vraag wie bij de aanvraag betrokken is en wat de rol van de deskundigen is.",
    ),
    "Thuiszitten": (
        "Leerling zit enkele weken thuis; vraag wat de school nu moet doen.",
        "Vraag over de rol van de leerplichtambtenaar bij langdurig verzuim.",
        "Meegedacht over een plan om stap voor stap weer naar school te gaan.",
    ),
    "Ondersteuning op school": (
        "De afgesproken extra ondersteuning op school komt niet van de grond.",
        "Vraag welke ondersteuning elke school moet bieden (basisondersteuning).",
        "Meegedacht over een gesprek met de mentor over extra begeleiding.",
    ),
    "OPP": (
        "Vraag wat er in een OPP hoort en wie het ondertekent.",
        "Het OPP is niet met thuis besproken; uitgelegd dat dat wel moet.",
        "Niet eens met het handelingsdeel van het OPP; meegedacht over een gesprek.",
    ),
    "Vervoer": (
        "Vraag over leerlingenvervoer naar een school voor vso.",
        "De aanvraag voor vervoer bij de gemeente duurt lang; uitgelegd wie beslist.",
    ),
    "Jeugdhulp": (
        "Lange wachttijd bij jeugdhulp; vraag wat de school in de tussentijd kan doen.",
        "Vraag hoe school en jeugdhulp samenwerken rond een leerling.",
    ),
    "Communicatie met school": (
        "Weinig gehoord van school over de voortgang; meegedacht over een gesprek.",
        "Gesprek met school verliep moeizaam; tips gegeven voor het volgende gesprek.",
    ),
}
FOLLOW_UPS = (
    "Nabellen na het gesprek op school.",
    "Nagaan of de aanvraag bij de gemeente is ontvangen.",
    "Informatie over de klachtenregeling toesturen.",
)
FORM_MESSAGES = (
    "Mijn kind krijgt op school niet de hulp die in het OPP staat. Wat kan ik doen?",
    "Wij wachten al maanden op jeugdhulp. Kan de school in de tussentijd iets doen?",
)
CALLBACK = {
    "name": "Voorbeeld Ouder",
    "phone": "06 0000 0000",
    "best_time": "Doordeweeks na 15.00 uur",
}


@dataclass(frozen=True)
class TrendPlan:
    """A trend and its signals: how many in each year and in which months (0 = August)."""

    title: str
    themes: tuple[str, ...]
    status: str
    signals: dict[str, tuple[int, tuple[int, int]]]
    description: str
    action_taken: str = ""
    closed_after_days: int | None = None  # closed this long after its last signal


TRENDS = (
    TrendPlan(
        "Wachttijd jeugdhulp",
        ("Jeugdhulp",),
        TrendStatus.DISCUSSED,
        {"previous": (4, (2, 8)), "current": (3, (0, 11))},
        "Ouders en scholen melden dat leerlingen lang op jeugdhulp wachten, en dat de school "
        "in die tijd niet weet wat zij kan doen.",
    ),
    TrendPlan(
        "Vervoer naar het vso",
        ("Vervoer",),
        TrendStatus.ACTION,
        {"previous": (5, (0, 3)), "current": (1, (0, 11))},
        "Ouders horen laat of hun kind leerlingenvervoer krijgt naar een school voor vso.",
        action_taken="Met de gemeenten afgesproken dat ouders binnen vier weken na de aanvraag "
        "horen of hun kind vervoer krijgt.",
    ),
    TrendPlan(
        "Communicatie over het OPP",
        ("OPP", "Communicatie met school"),
        TrendStatus.SIGNALLED,
        {"current": (3, (0, 11))},
        "Ouders zeggen dat het OPP niet met hen is besproken voordat het werd vastgesteld.",
    ),
    TrendPlan(
        "Thuiszitten na de zomervakantie",
        ("Thuiszitten",),
        TrendStatus.CLOSED,
        {"previous": (3, (0, 2))},
        "Na de zomervakantie vonden enkele leerlingen geen passende plek en zaten zij thuis.",
        action_taken="Met de scholen afgesproken dat de plaatsing vóór de zomervakantie "
        "rond is; besproken in het zorgcoördinatorenoverleg.",
        closed_after_days=120,
    ),
)
LOOSE = {"previous": 2, "current": 1}  # signals not (yet) in a trend


@dataclass
class _Spec:
    """One contact before it is made; ``trend`` is a key of ``TRENDS`` or None."""

    received_on: datetime.date
    themes: list[str]
    trend: int | None = None
    is_signal: bool = False
    school: str | None = None
    fields: dict = field(default_factory=dict)


def seed_steunpunt(tenant: Tenant) -> list[str]:
    """Runs inside the tenant's scope; returns the lines ``seed_demo`` prints."""
    themes_ensure_defaults(tenant)
    consulent = _grant_consulent(tenant)
    if not Contact.objects.filter(tenant=tenant).exists():
        _seed(tenant, today=timezone.localdate())
    return _summary(tenant, consulent)


def _summary(tenant: Tenant, consulent: Membership | None) -> list[str]:
    contacts = Contact.objects.filter(tenant=tenant).count()
    trends = Trend.objects.filter(tenant=tenant).count()
    feedback = Feedback.objects.filter(tenant=tenant).count()
    lines = [f"Steunpunt: {contacts} contacten, {trends} trends, {feedback} terugkoppelingen."]
    if consulent is not None:
        lines.append(
            f"Steunpunt: het Loket ({CONSULENT_EMAIL}) bemant het steunpunt als ouder- en "
            "jeugdconsulent."
        )
    return lines


def _grant_consulent(tenant: Tenant) -> Membership | None:
    """The Loket's demo user gets the steunpunt's grants (saved only when they change)."""
    membership = Membership.objects.filter(tenant=tenant, user__email=CONSULENT_EMAIL).first()
    if membership is None:
        return None
    wanted = list(dict.fromkeys([*(membership.extra_capabilities or ()), *CONSULENT_GRANTS]))
    if wanted != membership.extra_capabilities:
        membership.extra_capabilities = wanted
        membership.save(update_fields=["extra_capabilities"])
    return membership


# --- Making the rows -------------------------------------------------------------------------


def _seed(tenant: Tenant, *, today: datetime.date) -> None:
    rng = random.Random(SEED)
    current = SchoolYear.from_date(today)
    years = {"previous": current.previous, "current": current}
    themes = {t.name: t for t in Theme.objects.filter(tenant=tenant)}
    schools = {s.brin: s for s in School.objects.filter(tenant=tenant).order_by("brin")}
    staff = [
        m.user
        for email in STAFF_EMAILS
        for m in Membership.objects.filter(tenant=tenant, user__email=email).select_related("user")
    ]
    specs = _specs(rng, years, today, list(schools), list(themes))
    trends = _trends(tenant, specs, themes, today, by=staff[-1] if staff else None)
    contacts = _contacts(tenant, rng, specs, schools, trends, today, staff)
    _themes_of(contacts, specs, themes)
    _callback(tenant, contacts, specs)
    _feedback(tenant, years, today, specs, schools, themes, trends, by=staff[-1] if staff else None)


def _day_in(rng: random.Random, year: SchoolYear, months: tuple[int, int], until) -> datetime.date:
    """A day of ``year`` in its months ``months`` (0 = August), weighted, never after ``until``."""
    starts = {
        m: year.date_in(8 + m if m < 5 else m - 4, 1) for m in range(months[0], months[1] + 1)
    }
    choices = [m for m, start in starts.items() if start <= until]
    if not choices:  # none of those months has begun: the last day that has been
        return until
    ends = {m: (starts[m].replace(day=28) + 4 * DAY).replace(day=1) - DAY for m in choices}
    # A month under way weighs as much as has passed of it (no pile-up on its first days).
    weights = [
        MONTH_WEIGHTS[m] * (min(ends[m], until) - starts[m] + DAY) / (ends[m] - starts[m] + DAY)
        for m in choices
    ]
    month = rng.choices(choices, weights=weights)[0]
    start, end = starts[month], min(ends[month], until)
    return start + DAY * rng.randint(0, (end - start).days)


def _specs(rng, years, today, brins: list[str], theme_names: list[str]) -> list[_Spec]:
    specs: list[_Spec] = []
    for key, year in years.items():
        until = min(today - DAY, year.last_day)
        for index, plan in enumerate(TRENDS):
            count, months = plan.signals.get(key, (0, (0, 0)))
            for n in range(count):
                spec = _Spec(_day_in(rng, year, months, until), list(plan.themes), index, True)
                spec.school = ZORG_SCHOOL if n == 0 else _school(rng, brins)
                specs.append(spec)
        for n in range(LOOSE[key] + OTHERS[key]):
            picked = rng.sample(theme_names, k=rng.choice((1, 1, 1, 2))) if theme_names else []
            spec = _Spec(_day_in(rng, year, (0, 11), until), picked, None, n < LOOSE[key])
            spec.school = _school(rng, brins)
            specs.append(spec)
    specs += _open_specs(rng, today, brins)
    specs.sort(key=lambda s: (s.received_on, s.themes, s.school or ""))
    return specs


def _school(rng: random.Random, brins: list[str]) -> str | None:
    """A school for most contacts, Lindenhof College (the zorgcoördinator's) more often."""
    if not brins or rng.random() < 0.2:
        return None
    return ZORG_SCHOOL if ZORG_SCHOOL in brins and rng.random() < 0.25 else rng.choice(brins)


def _open_specs(rng, today, brins) -> list[_Spec]:
    """The work in hand: three open contacts with a follow-up (the oldest overdue) and two open
    contacts from the public form, the first with a call-back request."""
    found = []
    for ago, due in ((25, -5), (9, 5), (3, 10)):
        spec = _Spec(today - ago * DAY, ["Ondersteuning op school"], school=_school(rng, brins))
        spec.fields = {
            "open": True,
            "follow_up_needed": True,
            "follow_up_by": today + due * DAY,
            "follow_up_note": FOLLOW_UPS[ago % len(FOLLOW_UPS)],
        }
        found.append(spec)
    for n, (themes, message) in enumerate(
        zip((["OPP"], ["Jeugdhulp"]), FORM_MESSAGES, strict=True)
    ):
        spec = _Spec(today - (2 - n) * DAY, themes, school=ZORG_SCHOOL if n == 0 else None)
        spec.fields = {"open": True, "form": True, "message": message, "callback": n == 0}
        found.append(spec)
    return found


def _trends(tenant, specs, themes, today, *, by) -> list[Trend]:
    made = []
    for index, plan in enumerate(TRENDS):
        days = sorted(s.received_on for s in specs if s.trend == index)
        signalled = days[min(1, len(days) - 1)]  # when the second signal came in
        closed = None
        if plan.closed_after_days is not None:
            closed = min(days[-1] + plan.closed_after_days * DAY, today)
        made.append(
            Trend(
                tenant=tenant,
                title=plan.title,
                description=plan.description,
                status=plan.status,
                action_taken=plan.action_taken,
                signalled_on=signalled,
                closed_on=closed,
                created_by=by,
            )
        )
    made = Trend.objects.bulk_create(made)
    links = [
        Trend.themes.through(trend_id=trend.pk, theme_id=themes[name].pk)
        for trend, plan in zip(made, TRENDS, strict=True)
        for name in plan.themes
        if name in themes
    ]
    Trend.themes.through.objects.bulk_create(links)
    log_created(made)
    return made


def _contacts(tenant, rng, specs, schools, trends, today, staff) -> list[Contact]:
    rows = []
    for spec in specs:
        extra = dict(spec.fields)
        is_open = extra.pop("open", False)
        from_form = extra.pop("form", False)
        extra.pop("callback", None)
        actions = _actions(rng) if not from_form else []
        closed = None if is_open else min(spec.received_on + rng.randint(0, 14) * DAY, today)
        note = (
            rng.choice(NOTES.get(spec.themes[0], NOTES["OPP"]))
            if spec.themes
            else ("Algemene vraag over passend onderwijs; informatie gegeven.")
        )
        rows.append(
            Contact(
                tenant=tenant,
                received_on=spec.received_on,
                channel=Channel.FORM if from_form else rng.choice(CHANNELS),
                asker=Asker.PARENT if from_form else rng.choice(ASKERS),
                school=schools.get(spec.school) if spec.school else None,
                summary="" if from_form else note,
                actions=actions,
                referred_to=rng.choice(REFERRALS) if Action.REFERRED in actions else "",
                closed_on=closed,
                is_signal=spec.is_signal,
                trend=trends[spec.trend] if spec.trend is not None else None,
                from_form=from_form,
                created_by=None if from_form or not staff else rng.choice(staff),
                **extra,
            )
        )
    made = Contact.objects.bulk_create(rows)
    log_created(made)
    return made


def _actions(rng: random.Random) -> list[str]:
    first = rng.choice([Action.INFORMED] * 4 + [Action.THOUGHT_ALONG] * 3 + [Action.REFERRED] * 2)
    if rng.random() < 0.25:
        second = rng.choice([Action.REFERRED, Action.THOUGHT_ALONG, Action.COMPLAINT])
        return list(dict.fromkeys([first, second]))
    return [first]


def _themes_of(contacts, specs, themes) -> None:
    Contact.themes.through.objects.bulk_create(
        Contact.themes.through(contact_id=contact.pk, theme_id=themes[name].pk)
        for contact, spec in zip(contacts, specs, strict=True)
        for name in spec.themes
        if name in themes
    )


def _callback(tenant, contacts, specs) -> None:
    for contact, spec in zip(contacts, specs, strict=True):
        if spec.fields.get("callback"):
            CallbackRequest.objects.create(tenant=tenant, contact=contact, **CALLBACK)


def _feedback(tenant, years, today, specs, schools, themes, trends, *, by) -> None:
    """Feedback rounds with the themes and trends of the school's contacts in that year, and
    the figures as the school read them (small counts as "<5")."""
    rounds, links = [], []
    for key, brins in (("previous", FEEDBACK_PREVIOUS), ("current", FEEDBACK_CURRENT)):
        year = years[key]
        for n, brin in enumerate(b for b in brins if b in schools):
            if key == "previous":  # in June, before the summer
                given = year.date_in(6, 1) + (3 + 4 * n) * DAY
            else:  # in the last weeks, however far the school year is
                given = max(today - (5 + 7 * n) * DAY, year.first_day)
            given = min(given, today)
            mine = [
                s for s in specs if s.school == brin and year.first_day <= s.received_on <= given
            ]
            rounds.append(
                Feedback(
                    tenant=tenant,
                    school=schools[brin],
                    school_year=year.start,
                    given_on=given,
                    note="Besproken in het overleg met de zorgcoördinator: de thema's en trends "
                    "van dit schooljaar, in totalen.",
                    recorded_by=by,
                )
            )
            links.append(
                (
                    sorted({name for s in mine for name in s.themes if name in themes}),
                    sorted({s.trend for s in mine if s.trend is not None}),
                )
            )
    made = Feedback.objects.bulk_create(rounds)
    Feedback.themes.through.objects.bulk_create(
        Feedback.themes.through(feedback_id=feedback.pk, theme_id=themes[name].pk)
        for feedback, (names, _) in zip(made, links, strict=True)
        for name in names
    )
    Feedback.trends.through.objects.bulk_create(
        Feedback.trends.through(feedback_id=feedback.pk, trend_id=trends[index].pk)
        for feedback, (_, indexes) in zip(made, links, strict=True)
        for index in indexes
    )
    # What each school was shown, as the feedback page stores it when staff record a round.
    for feedback, (_, indexes) in zip(made, links, strict=True):
        feedback.figures = shared_figures(
            school=feedback.school,
            school_year=feedback.school_year,
            trends=[trends[index] for index in indexes],
        )
    Feedback.objects.bulk_update(made, ["figures"])
    log_created(made)
