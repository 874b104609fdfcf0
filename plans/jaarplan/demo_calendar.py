"""RefSVO's kwaliteitskalender for the demo: every row of seed ``002_…`` §3 (the jaarplan
2023-2024), as structured items with a frequency rule, in our own words where the seed is prose,
plus the jaarplan itself (linked, so the portal ticks it off). Days the seed leaves open are
fictional. A few due dates of 2026-2027 are ticked off; a few are left to run late (the demo's
"today" is early December 2026); the year before is done, but for one date. Idempotent: an item
is found by its title and left as it is.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from swvportal.accounts.models import Membership, Role
from swvportal.documents.models import IssuedDocument

from ..calendar_rules import due_dates
from ..models import CalendarItem, CalendarOccurrence
from .calendar_selectors import rule_of
from .calendar_services import calendar_item_create, occurrence_done

PLANS, ACCOUNTABILITY, CONVERSATIONS, EVALUATION = (
    "plannen",
    "verantwoording",
    "gesprekscyclus",
    "evaluatie",
)
DB = "Directeur-bestuurder SWV"

# One dict per item, with the fields of calendar_item_create (omitted: empty).
ITEMS: list[dict] = [
    # --- Documenten: plannen
    {
        "category": PLANS,
        "title": "Ondersteuningsplan",
        "frequency": "vierjaarlijks",
        "due_month": 5,
        "due_day": 1,
        "anchor_year": 2025,  # sent before 1 May 2026, before the OSP 2026-2030 starts
        "owner": f"{DB}, samen met het SLP",
        "adopted_by": "Bestuur, na instemming van de OPR en na OOGO met de gemeenten en het SWV PO",
        "note": "Het plan voor 2026–2030 moest vóór 1 mei 2026 bij de inspectie zijn; het "
        "volgende vóór 1 mei 2030.",
        "link": "osp_verzonden",
    },
    {
        "category": PLANS,
        "title": "Jaarplan",
        "frequency": "jaarlijks",
        "due_month": 10,
        "due_day": 1,
        "owner": DB,
        "adopted_by": "Bestuur, na bespreking met de OPR",
        "note": "Het jaarplan van dit portaal; het portaal vinkt het af als het jaarplan van "
        "het schooljaar is vastgesteld.",
        "link": "jaarplan_vastgesteld",
    },
    {
        "category": PLANS,
        "title": "Document basisondersteuning",
        "frequency": "planning",
        "dates": [],
        "owner": f"{DB}, samen met het SLP",
        "note": "Komt er nadat de landelijke norm voor basisondersteuning is gepubliceerd. Tot "
        "dan werken we met het instrument basisondersteuning.",
    },
    {
        "category": PLANS,
        "title": "Schoolondersteuningsprofiel (deel van de schoolgids)",
        "frequency": "jaarlijks",
        "due_month": 8,
        "due_day": 1,
        "owner": "Scholen",
        "adopted_by": "Schoolbesturen, na advies van de MR",
        "note": "Het actuele profiel staat op de website van de school.",
    },
    {
        "category": PLANS,
        "title": "Ontwikkelagenda passend onderwijs en zorg voor jeugd",
        "frequency": "tweejaarlijks",
        "anchor_year": 2026,
        "owner": f"Regio-overleg: {DB}, gemeenten, SWV PO en mbo",
        "adopted_by": "OOGO",
    },
    {
        "category": PLANS,
        "title": "Beleidsnotitie PO/VO",
        "frequency": "jaarlijks",
        "due_month": 10,
        "due_day": 1,
        "owner": "Werkgroep PO/VO",
        "adopted_by": "SWV PO en SWV VO (de directeur-bestuurders, samen met het SLP)",
    },
    {
        "category": PLANS,
        "title": "Begroting",
        "link": "begroting_vastgesteld",
        "frequency": "jaarlijks",
        "due_month": 1,
        "due_day": 1,
        "owner": "Administratiekantoor en directeur-bestuurder SWV",
        "adopted_by": "Bestuur SWV, na goedkeuring",
    },
    {
        "category": PLANS,
        "title": "Handboek: protocollen, werkwijzen, reglementen en richtlijnen",
        "frequency": "planning",
        "dates": ["2026-11-01", "2027-03-01", "2027-06-01"],
        "owner": f"{DB}, met de medewerkers die werk doen voor het SWV",
        "note": "Evalueren en bijstellen volgens planning: in november het reglement van het "
        "Loket, in maart het protocol thuiszitters, in juni het privacyreglement.",
    },
    # --- Documenten: verantwoording
    {
        "category": ACCOUNTABILITY,
        "title": "Jaarverslag (bestuursverslag, verslag van de toezichthouder, financieel verslag)",
        "frequency": "jaarlijks",
        "due_month": 7,
        "due_day": 1,
        "owner": f"{DB}, samen met het administratiekantoor",
        "adopted_by": "Bestuur SWV",
        "note": "Met de gegevens van het dashboard (monitoring).",
    },
    {
        "category": ACCOUNTABILITY,
        "title": "Verantwoording van de middelen passend onderwijs",
        "frequency": "jaarlijks",
        "due_month": 7,
        "due_day": 1,
        "owner": "Scholen en schoolbesturen",
        "note": "In het jaarverslag van de schoolbesturen en via de verantwoording aan het SWV.",
    },
    {
        "category": ACCOUNTABILITY,
        "title": "Verantwoording op de inhoudelijke doelen",
        "frequency": "jaarlijks",
        "due_month": 7,
        "due_day": 1,
        "owner": "Scholen en schoolbesturen",
    },
    {
        "category": ACCOUNTABILITY,
        "title": "Managementrapportage financieel",
        "frequency": "meermaals",
        "dates": [[11, 1], [3, 1], [7, 1]],
        "owner": "Administratiekantoor en directeur-bestuurder SWV",
        "note": "Per kwartaal, drie keer per jaar.",
    },
    {
        "category": ACCOUNTABILITY,
        "title": "Jaarverslag CvA",
        "frequency": "jaarlijks",
        "due_month": 10,
        "due_day": 1,
        "owner": "CvA",
    },
    {
        "category": ACCOUNTABILITY,
        "title": "Jaarverslag OPR",
        "frequency": "jaarlijks",
        "due_month": 6,
        "due_day": 1,
        "owner": "OPR",
    },
    # --- Gesprekscyclus
    {
        "category": CONVERSATIONS,
        "title": "Voortgangsgesprekken met scholen",
        "frequency": "jaarlijks",
        "due_month": 7,
        "due_day": 1,
        "owner": DB,
    },
    {
        "category": CONVERSATIONS,
        "title": "Voortgangsgesprekken met medewerkers die werk doen voor het SWV",
        "frequency": "jaarlijks",
        "due_month": 7,
        "due_day": 1,
        "owner": DB,
    },
    {
        "category": CONVERSATIONS,
        "title": "Functionerings- en beoordelingsgesprek directeur-bestuurder",
        "frequency": "jaarlijks",
        "owner": "Remuneratiecommissie van de besturen van SWV PO en SWV VO",
        "note": "Jaarlijks; een vaste datum is er niet, dus vóór het einde van het schooljaar.",
    },
    # --- Evaluatie en onderzoeken
    {
        "category": EVALUATION,
        "title": "Visitatiebezoeken basisondersteuning",
        "frequency": "meermaals",
        "dates": [[11, 15], [2, 15], [5, 15]],
        "owner": "Auditorenpool",
        "note": "Drie bezoeken per jaar, elk bij een andere school.",
    },
    {
        "category": EVALUATION,
        "title": "Leerlingpeiling",
        "frequency": "vierjaarlijks",
        "anchor_year": 2026,
        "owner": "Scholen en schoolbesturen",
    },
    {
        "category": EVALUATION,
        "title": "Ouderpeiling",
        "frequency": "vierjaarlijks",
        "anchor_year": 2027,
        "owner": "Scholen en schoolbesturen",
    },
    {
        "category": EVALUATION,
        "title": "Personeelspeiling",
        "frequency": "vierjaarlijks",
        "anchor_year": 2028,
        "owner": "Scholen en schoolbesturen",
    },
    {
        "category": EVALUATION,
        "title": "(Zelf)evaluatie van onderdelen",
        "frequency": "planning",
        "dates": ["2027-01-15", "2027-05-15"],
        "owner": DB,
        "adopted_by": "Toezichthoudend orgaan (jaarlijks)",
        "note": "De planning is nieuw: in januari het Loket, in mei het ouder- en jeugdsteunpunt.",
    },
    {
        "category": EVALUATION,
        "title": "Inspectie-onderzoek",
        "frequency": "vierjaarlijks",
        "anchor_year": 2023,
        "owner": "Inspectie van het Onderwijs",
        "note": "Het vorige onderzoek was in 2023-2024; het volgende verwachten we in 2027-2028.",
    },
]

# (title, due date, done on, note): ticked off by the bestuurder. Left open on purpose, and so
# late in December 2026: the Jaarverslag CvA (vóór 1 oktober) and the Handboek (1 november).
TICKS = [
    (
        "Ondersteuningsplan",
        datetime.date(2026, 5, 1),
        datetime.date(2026, 4, 28),
        "Vastgesteld op 23 april; per post en e-mail naar de inspectie.",
    ),
    ("Beleidsnotitie PO/VO", datetime.date(2026, 10, 1), datetime.date(2026, 9, 24), ""),
    (
        "Managementrapportage financieel",
        datetime.date(2026, 11, 1),
        datetime.date(2026, 10, 30),
        "Derde kwartaal 2026.",
    ),
    (
        "Visitatiebezoeken basisondersteuning",
        datetime.date(2026, 11, 15),
        datetime.date(2026, 11, 12),
        "",
    ),
]
# The school year before: done a week before each date, but for one left open.
LAST_YEAR = 2025
LAST_YEAR_OPEN = "Verantwoording op de inhoudelijke doelen"
DEFAULTS = {"due_month": None, "due_day": None, "anchor_year": None, "dates": [], "owner": ""}


def _item(tenant, row: dict) -> tuple[CalendarItem, bool]:
    found = CalendarItem.objects.filter(tenant=tenant, title=row["title"]).first()
    if found is not None:
        return found, False
    data = {**DEFAULTS, "adopted_by": "", "note": "", "link": "", "is_active": True, **row}
    return calendar_item_create(tenant=tenant, data=data), True


def _document(tenant) -> IssuedDocument | None:
    """The newest OSP PDF, if someone made one (a fresh demo has none)."""
    return IssuedDocument.objects.filter(tenant=tenant, kind="osp").order_by("-created_at").first()


def _last_year(items) -> list[tuple[str, datetime.date, datetime.date, str]]:
    return [
        (item.title, due, due - datetime.timedelta(days=7), "")
        for item in items
        if item.title != LAST_YEAR_OPEN  # the OSP's date of that year is in TICKS, with a note
        for due in due_dates(rule_of(item), LAST_YEAR)
    ]


def seed_calendar(tenant) -> list[str]:
    """Runs inside the tenant's scope."""
    items = {}
    for row in ITEMS:
        items[row["title"]], _new = _item(tenant, row)
    bestuurder = (
        Membership.objects.filter(tenant=tenant, role=Role.BESTUURDER)
        .select_related("user")
        .first()
    )
    ticks = [*TICKS, *_last_year(items.values())]
    for title, due, done_on, note in ticks:
        item = items[title]
        if done_on > timezone.localdate():  # a demo seeded on an earlier day leaves it open
            continue
        if CalendarOccurrence.objects.filter(item=item, due_date=due).exists():
            continue
        occurrence_done(
            item=item,
            due_date=due,
            done_on=done_on,
            note=note,
            document=_document(tenant) if title == "Ondersteuningsplan" else None,
            by=bestuurder.user if bestuurder else None,
        )
    # The same line on every run: seed_demo's output does not depend on what was there.
    ticked = CalendarOccurrence.objects.filter(item__in=items.values(), done_on__isnull=False)
    url = reverse("jaarplan:calendar", kwargs={"tenant_code": tenant.code})
    return [f"Kwaliteitskalender: {len(items)} onderdelen, {ticked.count()} data afgevinkt — {url}"]
