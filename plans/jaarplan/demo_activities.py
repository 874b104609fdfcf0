"""RefSVO's demo activities for the jaarplan 2026-2027: a few per verbeterpunt of the demo OSP
(``fixtures/refsvo_osp_2026_2030.json``), in the seed jaarplan's spirit (beoogd resultaat, wat,
wie, wanneer gereed), with a realistic mix of statuses, some past their date, a few progress
notes, and two items of 'Aanvullend (beleidsmatig)'. Fictional; made through the services, as a
user makes them. Idempotent: a jaarplan that has activities gets none."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from swvportal.accounts.models import User

from ..jaarplan_rules import month_end
from ..models import Activity, Improvement, Jaarplan
from . import services

BESTUURDER = "bestuurder@refsvo.example"
LOKET = "loket@refsvo.example"
ZORG = "zorg@refsvo.example"
ZORG2 = "zorg2@refsvo.example"


@dataclass(frozen=True)
class Demo:
    result: str
    what: str
    who: str
    due: datetime.date | tuple[int, int] | None  # a date, or (year, month) for a whole month
    status: str = "niet_gestart"
    explanation: str = ""
    responsible: str = ""  # a demo user's e-mail
    note: str = ""  # a progress note written after the status was set


def D(year: int, month: int, day: int) -> datetime.date:  # a date in the table, short
    return datetime.date(year, month, day)


# Per verbeterpunt (doel number and step letter): its activities.
# fmt: off
ACTIVITIES: dict[tuple[str, str], list[Demo]] = {
    ("1.1", "a"): [
        Demo("Er is een overzicht van wat scholen al over hun pedagogische visie hebben vastgelegd",
             "Schoolplannen en schoolgidsen doornemen; korte vragenlijst aan de directies",
             "Beleidsmedewerker", D(2026, 11, 1), "gereed", responsible=BESTUURDER),
        Demo("Er ligt een concept voor een gedeelde pedagogische visie",
             "Twee werksessies met directeuren en zorgcoördinatoren; concepttekst schrijven",
             "Werkgroep pedagogisch klimaat", (2027, 3), "loopt",
             note="Eerste werksessie gehouden op 12 november; tweede gepland in januari."),
        Demo("De visie is besproken in het directeurenoverleg",
             "Agenderen en verwerken van de reacties", "Directeur-bestuurder", D(2027, 6, 1)),
    ],
    ("1.2", "a"): [
        Demo("De verzuimprotocollen van alle scholen zijn in beeld",
             "Protocollen opvragen en naast elkaar leggen", "Loket en leerplicht",
             D(2026, 10, 15), "gereed", responsible=LOKET),
        Demo("Alle thuiszitters staan juist en volledig in Kindkans",
             "Controle per school met de zorgcoördinator; terugkoppeling bij ontbrekende "
             "gegevens", "Zorgcoördinatoren", D(2026, 11, 30), "loopt", responsible=ZORG,
             note="Lindenhof College is gecontroleerd; nog drie scholen te gaan."),
        Demo("Er is een regionaal aanbod voor leerlingen die dreigen thuis te zitten",
             "Aanbod uitwerken met jeugdhulp en leerplicht", "Werkgroep thuiszitters",
             D(2027, 7, 1)),
    ],
    ("1.2", "d"): [
        Demo("Met elke school is het thuiszittersoverzicht besproken",
             "Jaarlijks gesprek per school, gekoppeld aan het kwaliteitsgesprek",
             "Directeur-bestuurder en Loket", (2027, 5), "loopt", responsible=BESTUURDER),
        Demo("De afspraken uit de gesprekken zijn vastgelegd",
             "Kort verslag per school; rode draden in het jaarverslag", "Beleidsmedewerker",
             D(2027, 6, 15)),
    ],
    ("1.3", "a"): [
        Demo("Er is inzicht in hoe de ondersteuning op elke school georganiseerd is",
             "Inventarisatie met een vaste vragenlijst; schoolbezoeken waar nodig",
             "Werkgroep extra ondersteuning", D(2027, 2, 1), "loopt"),
        Demo("De opbrengst is gedeeld met de directeuren",
             "Presentatie in het directeurenoverleg", "Directeur-bestuurder", D(2027, 4, 1)),
    ],
    ("1.4", "a"): [
        Demo("De herstelopdrachten uit het inspectiebezoek zijn uitgevoerd",
             "Plan van aanpak afronden; bewijsstukken verzamelen", "Directie OPDC's",
             D(2026, 10, 1), "vertraagd",
             explanation="Door ziekte van de kwaliteitsmedewerker schuift de afronding naar "
             "januari 2027.", responsible=BESTUURDER),
        Demo("De inspectie is geïnformeerd over de uitvoering",
             "Brief met stand van zaken aan de inspectie", "Directeur-bestuurder",
             D(2027, 2, 1)),
    ],
    ("1.4", "b"): [
        Demo("De kwaliteitsnormen voor de OPDC's worden toegepast",
             "Normen bespreken in de teams; werkwijze aanpassen", "Directie OPDC's",
             (2027, 1), "loopt"),
        Demo("Er zijn twee rapportages over de kwaliteitsnormen",
             "Rapportage in februari en juni aan het bestuur", "Kwaliteitsmedewerker",
             D(2027, 6, 30)),
    ],
    ("1.4", "c"): [
        Demo("Beide OPDC's hebben een schoolplan dat aan de wet voldoet",
             "Schoolplannen toetsen aan de eisen; ontbrekende onderdelen aanvullen",
             "Directie OPDC's", D(2026, 12, 15), "loopt"),
        Demo("Het onderwijsaanbod staat beschreven in het schoolplan",
             "Beschrijving van het aanbod per leerjaar", "Teamleiders OPDC's", D(2027, 3, 1)),
    ],
    ("1.4", "d"): [
        Demo("Geen leerling is zonder ontwikkelingsperspectief toegelaten",
             "Controle bij elke toelating; telling per kwartaal", "Loket", D(2027, 7, 15),
             "loopt", responsible=LOKET),
        Demo("De toelatingen zonder OPP zijn per kwartaal gemeld aan het bestuur",
             "Kwartaaloverzicht maken en toelichten", "Loket", D(2026, 10, 15), "gereed"),
    ],
    ("1.5", "a"): [
        Demo("Er zijn twee overleggen over het invlechtingsexperiment geweest",
             "Overleg met vso Zwolle en vso Apeldoorn plannen en voorbereiden",
             "Directeur-bestuurder", D(2027, 6, 1), "loopt", responsible=BESTUURDER,
             note="Eerste overleg gehouden op 3 november."),
        Demo("De resultaten van het experiment zijn gedeeld met de scholen",
             "Korte notitie voor het directeurenoverleg", "Beleidsmedewerker", D(2027, 7, 1)),
    ],
    ("1.6", "a"): [
        Demo("Er is een keuze gemaakt voor de vorm van de kwaliteitszorg",
             "Onderzoek naar werkwijzen bij andere samenwerkingsverbanden; voorstel aan het "
             "bestuur", "Werkgroep kwaliteitszorg", D(2027, 4, 1), "loopt"),
        Demo("Scholen weten welke gegevens zij jaarlijks aanleveren",
             "Overzicht van de aan te leveren gegevens met data", "Kwaliteitsmedewerker",
             D(2026, 11, 1), "niet_gestart"),
        Demo("Visitaties op drie scholen zijn gehouden",
             "Visitatiebezoeken volgens het nieuwe model", "Visitatorenpool", D(2027, 6, 1),
             "vervallen", explanation="Vervalt dit jaar: eerst wordt de vorm van de "
             "kwaliteitszorg gekozen. De visitaties komen in het jaarplan 2027-2028."),
    ],
    ("1.7", "a"): [
        Demo("De kaders voor de bekostiging van vso-cluster 3 zijn in beeld",
             "Juridische, financiële en organisatorische kaders op een rij zetten",
             "Controller", D(2027, 3, 1), "loopt"),
        Demo("Er is zicht op voorbeelden van TLV-vrije bekostiging elders",
             "Gesprekken met twee samenwerkingsverbanden die dit al doen",
             "Directeur-bestuurder", D(2027, 1, 15), responsible=BESTUURDER),
    ],
    ("1.7", "d"): [
        Demo("Het bestuur heeft een besluit over het vervolg genomen",
             "Voorstel voor het vervolg voorbereiden", "Directeur-bestuurder", D(2027, 7, 1)),
        Demo("De scholen zijn geïnformeerd over het gekozen model",
             "Informatiebijeenkomst voor vso-directies", "Controller", (2027, 6)),
    ],
    ("2.1", "a"): [
        Demo("De gewenste samenstelling van de expertgroep is bekend",
             "Korte peiling onder de vso-scholen", "Beleidsmedewerker", D(2026, 10, 1), "gereed"),
        Demo("De expertgroep is twee keer bijeengekomen",
             "Eerste en tweede bijeenkomst organiseren", "Voorzitter expertgroep",
             D(2027, 5, 1), "loopt", note="Eerste bijeenkomst op 8 oktober met 11 deelnemers."),
        Demo("De werkwijze van de expertgroep is geëvalueerd",
             "Evaluatie in de tweede bijeenkomst", "Voorzitter expertgroep", D(2027, 6, 15)),
    ],
    ("2.1", "b"): [
        Demo("Vorm, samenstelling en frequentie liggen vast",
             "Voorstel op basis van de evaluatie", "Directeur-bestuurder", D(2027, 7, 15)),
        Demo("De afspraken over de expertgroep staan in het jaarverslag",
             "Korte paragraaf schrijven", "Beleidsmedewerker", D(2027, 7, 31)),
    ],
    ("2.2", "a"): [
        Demo("De behoefte aan netwerkgroepen is gepeild",
             "Vragenlijst onder zorgcoördinatoren en teamleiders", "Beleidsmedewerker",
             D(2026, 11, 15), "loopt", responsible=ZORG2),
        Demo("Er is besloten welke netwerkgroepen er komen",
             "Voorstel in het directeurenoverleg", "Directeur-bestuurder", D(2027, 2, 1)),
    ],
    ("2.2", "c"): [
        Demo("De netwerkgroep Herbergzaam Onderwijs heeft een jaarprogramma",
             "Drie bijeenkomsten met een thema plannen", "Netwerkgroep Herbergzaam Onderwijs",
             D(2026, 12, 1), "gereed"),
        Demo("Goede voorbeelden uit de netwerkgroep zijn gedeeld",
             "Twee voorbeelden in de nieuwsbrief", "Communicatieadviseur", (2027, 4)),
    ],
    ("2.3", "a"): [
        Demo("Een vso-school en een PrO-school hebben elkaar gesproken",
             "Kennismaking en bezoek over en weer", "Directies vso en PrO", D(2026, 11, 1),
             "gereed"),
        Demo("Er is een notitie over kansen en randvoorwaarden",
             "Notitie schrijven op basis van de gesprekken", "Beleidsmedewerker", D(2027, 3, 15),
             "niet_gestart"),
    ],
    ("2.4", "a"): [
        Demo("De samenwerkingsagenda met Berséba is vastgesteld",
             "Agenda met domeinen en werkwijze opstellen en bespreken",
             "Directeur-bestuurder", D(2026, 12, 15), "loopt", responsible=BESTUURDER),
        Demo("Er zijn afspraken over de overdracht van leerlingen",
             "Werkafspraken over overdracht en communicatie", "Loket", D(2027, 4, 1),
             responsible=LOKET),
    ],
    ("2.5", "a"): [
        Demo("Scholen weten wanneer zij gemeente of jeugdhulp inschakelen",
             "Handreiking met contactpersonen per gemeente bijwerken", "Beleidsmedewerker",
             D(2026, 10, 1), "loopt"),
        Demo("Zorgcoördinatoren kennen de contactpersonen bij de gemeenten",
             "Contactpersonen uitnodigen in het netwerk zorgcoördinatoren",
             "Netwerk zorgcoördinatoren", D(2027, 2, 15)),
    ],
    ("2.5", "b"): [
        Demo("Het jaarlijkse overleg met scholen over gemeenten is gehouden",
             "Overleg plannen en voorbereiden met de gemeenten", "Directeur-bestuurder",
             (2027, 3), responsible=BESTUURDER),
        Demo("De afspraken uit het overleg zijn met de gemeenten gedeeld",
             "Verslag naar de gemeenten en bespreking in het OOGO", "Directeur-bestuurder",
             D(2027, 5, 1)),
    ],
    ("2.5", "c"): [
        Demo("Scholen kunnen bij gemeentelijke vragen terecht bij het samenwerkingsverband",
             "Vast aanspreekpunt bekendmaken in de nieuwsbrief", "Communicatieadviseur",
             D(2026, 9, 15), "gereed"),
        Demo("Vragen van scholen over gemeentelijke zaken zijn bijgehouden",
             "Korte registratie van vragen en antwoorden", "Beleidsmedewerker", D(2027, 7, 1),
             "loopt"),
    ],
    ("2.5", "d"): [
        Demo("Het samenwerkingsverband is vertegenwoordigd in LEA en REA",
             "Deelname aan de overleggen en terugkoppeling aan de scholen",
             "Directeur-bestuurder", D(2027, 7, 1), "loopt"),
        Demo("De scholen krijgen na elk LEA-overleg een korte terugkoppeling",
             "Terugkoppeling in de nieuwsbrief", "Communicatieadviseur", D(2027, 7, 1), "loopt"),
    ],
    ("2.5", "e"): [
        Demo("Scholen nemen deel aan de regio-overleggen van de SCJ",
             "Data van de overleggen doorgeven aan de scholen", "Zorgcoördinatoren",
             D(2027, 7, 1), "loopt", responsible=ZORG),
        Demo("Signalen uit de SCJ-overleggen zijn besproken in het netwerk",
             "Vast agendapunt in het netwerk zorgcoördinatoren", "Netwerk zorgcoördinatoren",
             (2027, 6)),
    ],
    ("3.1", "a"): [
        Demo("Op elke school zijn leerlingen gehoord over het ondersteuningsaanbod",
             "Leerlingpanel of korte enquête per school", "Zorgcoördinatoren", (2027, 4)),
        Demo("De uitkomsten zijn besproken met de scholen",
             "Samenvatting per school; bespreking in het netwerk zorgcoördinatoren",
             "Beleidsmedewerker", D(2027, 6, 1)),
    ],
    ("3.1", "b"): [
        Demo("Leerlingen tekenen hun OPP",
             "Controle bij de jaarlijkse evaluatie van de OPP's", "Zorgcoördinatoren",
             D(2027, 7, 1), "loopt"),
        Demo("Er is een korte uitleg over het hoorrecht voor leerlingen",
             "Folder in eenvoudige taal maken met een leerlingpanel", "Communicatieadviseur",
             D(2026, 11, 15), "niet_gestart"),
    ],
    ("3.2", "a"): [
        Demo("Er is een voorstel voor een aanpak om contact te houden met jongeren zonder "
             "onderwijs", "Voorbeelden verzamelen; voorstel schrijven met leerplicht",
             "Werkgroep thuiszitters", D(2027, 5, 1), "niet_gestart"),
        Demo("Het voorstel is besproken met de gemeenten",
             "Bespreking in het OOGO", "Directeur-bestuurder", D(2027, 6, 15)),
    ],
    ("3.3", "a"): [
        Demo("Het ouder- en jeugdsteunpunt is opnieuw ingericht",
             "Taken, bereikbaarheid en werkwijze vastleggen", "Coördinator ouder- en "
             "jeugdsteunpunt", D(2026, 11, 1), "vertraagd",
             explanation="De nieuwe coördinator begint pas in januari; de inrichting is "
             "daarna in maart klaar.", note="Vacature is vervuld; startdatum 6 januari."),
        Demo("De informatie voor ouders op de website is vernieuwd",
             "Teksten herschrijven op taalniveau B1", "Communicatieadviseur", (2027, 2)),
    ],
    ("3.3", "b"): [
        Demo("Scholen informeren ouders over het ouder- en jeugdsteunpunt",
             "Tekst voor de schoolgids en de nieuwsbrief aanleveren", "Communicatieadviseur",
             D(2026, 9, 1), "gereed"),
        Demo("Alle scholen hebben de tekst in hun schoolgids opgenomen",
             "Controle van de schoolgidsen", "Beleidsmedewerker", D(2026, 10, 1), "gereed"),
    ],
    ("3.3", "c"): [
        Demo("Signalen van ouders en jongeren worden per kwartaal bekeken",
             "Overzicht van signalen maken en bespreken in het team", "Coördinator ouder- en "
             "jeugdsteunpunt", D(2027, 7, 1), "loopt"),
        Demo("De trends uit de signalen staan in het jaarverslag",
             "Paragraaf over signalen van ouders en jongeren", "Coördinator ouder- en "
             "jeugdsteunpunt", D(2027, 7, 31)),
    ],
    ("3.3", "d"): [
        Demo("De bevindingen van het steunpunt zijn teruggekoppeld aan de scholen",
             "Korte rapportage per school", "Coördinator ouder- en jeugdsteunpunt",
             D(2027, 6, 30)),
        Demo("Scholen hebben gereageerd op de bevindingen",
             "Bespreking in het directeurenoverleg", "Directeur-bestuurder", D(2027, 7, 15)),
    ],
    ("3.3", "e"): [
        Demo("Scholen nemen deel aan de overleggen van de Samenwerking Christelijke Jeugdhulp",
             "Overleggen in de agenda van de scholen zetten", "Zorgcoördinatoren",
             D(2027, 7, 1), "loopt"),
        Demo("De zorgcoördinatoren weten welke overleggen er zijn",
             "Overzicht van de overleggen in het netwerk delen", "Netwerk zorgcoördinatoren",
             D(2026, 9, 30), "gereed", responsible=ZORG2),
    ],
}

# Items that belong to no ontwikkeldoel, with their activities.
ADDITIONAL: list[tuple[str, list[Demo]]] = [
    (
        "Een brede bijeenkomst over de toename van gedragsproblemen in de klas",
        [
            Demo("Er is een bijeenkomst voor besturen en direct betrokkenen geweest",
                 "Sprekers en programma kiezen; uitnodigen via de nieuwsbrief",
                 "Directeur-bestuurder i.s.m. communicatieadviseur", D(2027, 3, 15),
                 responsible=BESTUURDER),
            Demo("De opbrengst van de bijeenkomst is gedeeld",
                 "Verslag met vervolgafspraken", "Beleidsmedewerker", D(2027, 4, 15)),
        ],
    ),
    (
        "De verantwoording over de inzet van middelen wordt beter leesbaar",
        [
            Demo("Het jaarverslag duidt de cijfers in begrijpelijke taal",
                 "Gesprek met de administrateuren; nieuwe opzet van het hoofdstuk financiën",
                 "Controller", (2027, 5), "loopt"),
        ],
    ),
]
# fmt: on


def _due(value) -> dict:
    if value is None:
        return {"due_date": None, "due_is_month": False}
    if isinstance(value, tuple):
        return {"due_date": month_end(*value), "due_is_month": True}
    return {"due_date": value, "due_is_month": False}


def _add(improvement: Improvement, demo: Demo, users: dict[str, User], by: User | None) -> None:
    data = {
        "result": demo.result,
        "what": demo.what,
        "who": demo.who,
        "responsible": users.get(demo.responsible),
        "status": demo.status,
        "explanation": demo.explanation,
        **_due(demo.due),
    }
    activity = services.activity_create(improvement=improvement, data=data, by=by)
    if demo.note:
        services.activity_progress(
            activity=activity,
            status=activity.status,
            explanation=activity.explanation,
            note=demo.note,
            revision=activity.revision,
            by=users.get(demo.responsible) or by,
        )


def seed_activities(jaarplan: Jaarplan) -> list[str]:
    """Runs inside the tenant's scope, after the jaarplan was generated."""
    if not Activity.objects.filter(jaarplan=jaarplan).exists():
        _seed(jaarplan)
    # The same line on every run: seed_demo's output does not depend on what was there.
    count = Activity.objects.filter(jaarplan=jaarplan).count()
    worked_out = Improvement.objects.filter(jaarplan=jaarplan, activities__isnull=False).distinct()
    return [f"Activiteiten (fictief): {count}, bij {worked_out.count()} verbeterpunten"]


def _seed(jaarplan: Jaarplan) -> None:
    emails = {BESTUURDER, LOKET, ZORG, ZORG2}
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    by = users.get(BESTUURDER)
    improvements = {
        (i.goal_number, i.step_letter): i
        for i in Improvement.objects.filter(jaarplan=jaarplan, step_uid__isnull=False)
    }
    for key, demos in ACTIVITIES.items():
        improvement = improvements.get(key)
        if improvement is None:  # a plan without that step: nothing to work out
            continue
        for demo in demos:
            _add(improvement, demo, users, by)
    for title, demos in ADDITIONAL:
        improvement = services.improvement_create(jaarplan=jaarplan, title=title, by=by)
        for demo in demos:
            _add(improvement, demo, users, by)
