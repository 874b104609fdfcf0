"""RefSVO's bijeenkomsten for the demo: the recurring meetings of the jaarplan (seeds ``000_…``
and ``002_…``: twice a year the zorgcoördinatoren, four times the vso-directeuren, the
thuiszitteroverleg five times) and of the OSP 2026–2030 (the network groups, the structural
meetings with Berséba, the talks about the experiment vso Zwolle – vso Apeldoorn).

School year 2025-2026 is over: every meeting was held. In 2026-2027 the meetings before
1 December 2026 were held (with a theme and a short report), one of the vso-directeuren was not
recorded (that series shows as behind), the rest is planned. Dates, themes and reports are
fictional. Idempotent: a series is made once by its name, and a school year of a series gets its
meetings only while it has none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..models import Meeting, MeetingSeries, SeriesIndicator
from . import meeting_services

# The demo's "today": held dates up to here are allowed, whatever day the demo is seeded on.
DEMO_TODAY = datetime.date(2026, 12, 1)
D = datetime.date


@dataclass(frozen=True)
class Demo:
    """One meeting: planned on ``planned``; held that day when ``held`` (or on ``held_on``)."""

    planned: datetime.date | None
    theme: str = ""
    report: str = ""
    held: bool = True
    held_on: datetime.date | None = None


def planned(day: datetime.date, theme: str = "") -> Demo:
    return Demo(day, theme, held=False)


# name → (voor wie, per year, telt mee voor, toelichting, {school year: meetings})
SERIES: dict[str, tuple[str, int, str, str, dict[int, list[Demo]]]] = {
    "Netwerk zorgcoördinatoren": (
        "zorgcoördinatoren VO en intern begeleiders VSO",
        2,
        SeriesIndicator.NETWORK,
        "Uitwisseling over de ondersteuningsroute en actuele vragen van de werkvloer.",
        {
            2025: [
                Demo(
                    D(2025, 10, 9),
                    "Zicht op de basisondersteuning",
                    "Scholen vergeleken hun ondersteuningsprofielen. Afgesproken: elke school "
                    "brengt in maart één voorbeeld van extra ondersteuning in de klas mee.",
                ),
                Demo(
                    D(2026, 3, 12),
                    "Goede voorbeelden van extra ondersteuning",
                    "Vijf scholen lieten zien hoe zij ondersteuning in de klas organiseren. De "
                    "voorbeelden komen op de website van het samenwerkingsverband.",
                ),
            ],
            2026: [
                Demo(
                    D(2026, 10, 8),
                    "Hoogbegaafdheid in de onderbouw",
                    "Samen met het netwerk hoogbegaafdheid besproken hoe signalering in leerjaar "
                    "1 beter kan. Een werkgroep maakt een korte handreiking.",
                ),
                planned(D(2027, 3, 11), "De leerling gehoord: het hoorrecht in de praktijk"),
            ],
        },
    ),
    "Netwerk hoogbegaafdheid": (
        "contactpersonen meer- en hoogbegaafdheid",
        2,
        SeriesIndicator.NETWORK,
        "",
        {
            2025: [
                Demo(
                    D(2025, 11, 13),
                    "Plusaanbod na de overstap",
                    "Gesproken over leerlingen die in groep 8 een plusaanbod hadden. Afgesproken "
                    "dat de overdracht dit voortaan standaard noemt.",
                ),
                Demo(
                    D(2026, 4, 16),
                    "Versnellen en verrijken",
                    "Twee scholen deelden hun werkwijze voor versnellen in de bovenbouw. Er komt "
                    "een gezamenlijke lijst met verrijkingsmateriaal.",
                ),
            ],
            2026: [
                Demo(
                    D(2026, 11, 12),
                    "Overgang po-vo voor hoogbegaafde leerlingen",
                    "Met een collega van Berséba de warme overdracht doorgenomen. De afspraken "
                    "gaan mee naar het structureel overleg met Berséba.",
                ),
                planned(D(2027, 4, 15)),
            ],
        },
    ),
    "Expertgroep RefSVO": (
        "orthopedagogen en gedragsspecialisten van de scholen",
        3,
        SeriesIndicator.NETWORK,
        "Casuïstiek en expertise over de scholen heen.",
        {
            2025: [
                Demo(
                    D(2025, 9, 25),
                    "Werkwijze van de expertgroep",
                    "De groep koos een vaste opzet: één casus per bijeenkomst, voorbereid door "
                    "de school die de vraag heeft.",
                ),
                Demo(
                    D(2026, 1, 22),
                    "Angst en schoolverzuim",
                    "Een casus over een leerling met angstklachten besproken. Tips voor een "
                    "geleidelijke terugkeer zijn gedeeld met alle zorgcoördinatoren.",
                ),
                Demo(
                    D(2026, 5, 21),
                    "Gedrag in de klas",
                    "Besproken hoe docenten ondersteund kunnen worden bij onrust in de klas. Twee "
                    "scholen bieden een intervisiebijeenkomst aan.",
                ),
            ],
            2026: [
                Demo(
                    D(2026, 9, 24),
                    "Maatwerk en deeltijdtrajecten",
                    "Drie lopende maatwerktrajecten vergeleken. De groep adviseert één format "
                    "voor de afspraken met ouders.",
                ),
                planned(D(2027, 1, 21)),
                planned(D(2027, 5, 20)),
            ],
        },
    ),
    "Netwerkgroep Herbergzaam Onderwijs": (
        "docenten en teamleiders",
        2,
        SeriesIndicator.NETWORK,
        "Het netwerk rond de pedagogische grondhouding van het ondersteuningsplan.",
        {
            2025: [
                Demo(
                    D(2025, 12, 11),
                    "Wat maakt een school herbergzaam?",
                    "Deelnemers deelden wat zij in hun eigen school zien. Een kleine groep werkt "
                    "de uitkomsten uit tot gespreksvragen voor teams.",
                ),
                Demo(
                    D(2026, 6, 4),
                    "Gespreksvragen voor teams",
                    "De gespreksvragen zijn besproken en aangescherpt. Vier scholen gebruiken ze "
                    "in een studiedag in het nieuwe schooljaar.",
                ),
            ],
            2026: [
                planned(D(2027, 2, 4), "Ervaringen met de gespreksvragen"),
                planned(D(2027, 6, 3)),
            ],
        },
    ),
    "Overleg vso-directeuren": (
        "directeuren van de vso-scholen",
        4,
        SeriesIndicator.NONE,
        "Ambities en actualiteiten van het vso; knelpunten worden geïnventariseerd.",
        {
            2025: [
                Demo(D(2025, 9, 18), "Start van het schooljaar", "Actualiteiten besproken."),
                Demo(
                    D(2025, 11, 20),
                    "Experiment invlechting",
                    "Stand van zaken van de aanvraag voor het experiment. Vragen gaan mee naar "
                    "het overleg over het experiment.",
                ),
                Demo(
                    D(2026, 2, 19),
                    "Knelpunten in de plaatsing",
                    "Wachtlijsten en plaatsingen besproken. Het Loket maakt een overzicht per "
                    "cluster.",
                ),
                Demo(
                    D(2026, 5, 28),
                    "Vooruitblik op het nieuwe plan",
                    "De vso-paragraaf van het ondersteuningsplan 2026–2030 doorgenomen.",
                ),
            ],
            2026: [
                Demo(
                    D(2026, 9, 17),
                    "Afspraken voor dit schooljaar",
                    "De vier data vastgesteld en de onderwerpen voor het jaar gekozen.",
                ),
                planned(D(2026, 11, 19), "Symbiose vso-havo en vso-vmbo"),
                planned(D(2027, 2, 18)),
                planned(D(2027, 5, 27)),
            ],
        },
    ),
    "Thuiszitteroverleg": (
        "Loket, leerplichtambtenaren en zorgcoördinatoren",
        5,
        SeriesIndicator.NONE,
        "Per regio de aantallen thuiszitters en wat er nodig is om ze terug te leiden. In de "
        "verslagen staan geen namen of andere gegevens van leerlingen.",
        {
            2025: [
                Demo(D(2025, 9, 30), "Stand na de zomer", "Aantallen per regio besproken."),
                Demo(D(2025, 11, 25), "Terugkeer naar school", "Werkwijze bij terugkeer."),
                Demo(D(2026, 1, 27), "Vrijstellingen", "Afspraken met leerplicht herhaald."),
                Demo(D(2026, 3, 31), "Jeugdhulp", "Wachttijden jeugdhulp besproken."),
                Demo(D(2026, 6, 9), "Evaluatie van het jaar", "Het jaar teruggekeken."),
            ],
            2026: [
                Demo(
                    D(2026, 9, 29),
                    "Stand na de zomer",
                    "De aantallen per regio zijn lager dan vorig jaar. Afgesproken om de "
                    "registratie van kort verzuim te controleren.",
                ),
                Demo(
                    D(2026, 11, 24),
                    "Samenwerking met de SCJ",
                    "Met de SCJ besproken hoe sneller hulp kan starten naast school.",
                ),
                planned(D(2027, 1, 26)),
                planned(D(2027, 3, 30)),
                planned(D(2027, 6, 8)),
            ],
        },
    ),
    "Structureel overleg met Berséba": (
        "regiomanagers van Berséba en de directeur-bestuurder",
        2,
        SeriesIndicator.BERSEBA,
        "Afstemming over de overgang van leerlingen van het po naar het vo.",
        {
            2025: [
                Demo(
                    D(2025, 10, 14),
                    "Overdracht van leerlingen met een maatwerktraject",
                    "De overdracht van vorig jaar geëvalueerd. Afgesproken om twee keer per "
                    "jaar structureel te overleggen.",
                ),
                Demo(
                    D(2026, 4, 14),
                    "Naar een samenwerkingsagenda",
                    "De domeinen voor samenwerking verkend: hoogbegaafdheid, maatwerk en "
                    "deeltijdtrajecten.",
                ),
            ],
            2026: [
                Demo(
                    D(2026, 10, 13),
                    "Samenwerkingsagenda 2026-2027",
                    "Het concept van de samenwerkingsagenda besproken. Het bestuur van beide "
                    "samenwerkingsverbanden stelt haar in het voorjaar vast.",
                ),
                planned(D(2027, 4, 13), "Vaststelling samenwerkingsagenda"),
            ],
        },
    ),
    "Overleg experiment invlechting vso": (
        "vso Zwolle, vso Apeldoorn en RefSVO",
        2,
        SeriesIndicator.NONE,
        "Het experiment invlechting vso in vo (ondersteuningsplan, pijler 1).",
        {
            2025: [
                Demo(
                    D(2026, 1, 15),
                    "Voorbereiding van de aanvraag",
                    "De aanvraag voor het experiment doorgenomen en de rolverdeling afgesproken.",
                ),
                Demo(
                    D(2026, 6, 18),
                    "Start in het nieuwe schooljaar",
                    "De eerste stappen voor 2026-2027 gepland.",
                ),
            ],
            2026: [
                Demo(
                    D(2026, 11, 5),
                    "Eerste ervaringen",
                    "Beide scholen vertelden over de eerste maanden. Een gezamenlijke "
                    "evaluatievorm wordt voorbereid.",
                ),
                planned(D(2027, 5, 13), "Tussenevaluatie van het experiment"),
            ],
        },
    ),
}


def _series(tenant, name: str) -> MeetingSeries:
    group, per_year, indicator, note, _ = SERIES[name]
    found = MeetingSeries.objects.filter(tenant=tenant, name=name).first()
    if found is not None:
        return found
    data = {
        "name": name,
        "group": group,
        "planned_per_year": per_year,
        "indicator": indicator,
        "note": note,
    }
    return meeting_services.series_create(tenant=tenant, data=data)


def _meetings(series: MeetingSeries, school_year: int, meetings: list[Demo]) -> None:
    if Meeting.objects.filter(series=series, school_year=school_year).exists():
        return
    for demo in meetings:
        data = {
            "planned_on": demo.planned,
            "held_on": (demo.held_on or demo.planned) if demo.held else None,
            "theme": demo.theme,
            "report": demo.report if demo.held else "",
            "school_year": school_year,
        }
        meeting_services.meeting_create(series=series, data=data, today=DEMO_TODAY)


def seed_meetings(tenant) -> list[str]:
    """Runs inside the tenant's scope. Idempotent (see the module's docstring)."""
    for name, (*_, years) in SERIES.items():
        series = _series(tenant, name)
        for school_year, meetings in years.items():
            _meetings(series, school_year, meetings)
    held = Meeting.objects.filter(tenant=tenant, held_on__isnull=False).count()
    total = Meeting.objects.filter(tenant=tenant).count()
    return [
        f"Bijeenkomsten: {len(SERIES)} reeksen, {total} bijeenkomsten, waarvan {held} gehouden "
        f"— /{tenant.code}/jaarplannen/bijeenkomsten/"
    ]
