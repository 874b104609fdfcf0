"""What the pupil records add to the platform's registries (autodiscovered by core)."""

from __future__ import annotations

from celery.schedules import crontab

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.core.schedule import register_periodic_task
from swvportal.tenancy.models import Tenant

# calculations: importing it registers the dashboard's calculations over our data.
from . import calculations, calculations_loket, resources, retention  # noqa: F401
from .access import ASSIGNED_TO_DESKUNDIGE, LETTERS_OF_OWN_SCHOOLS, OWN_ADVICE

B, L, D, Z = Role.BESTUURDER, Role.LOKET, Role.DESKUNDIGE, Role.ZORGCOORDINATOR
row = Capability.of

# fmt: off
register_capabilities(
    row("referrals.view_pupil_records", "Thuiszitters en OPP's inzien", B, Z, per_school=True),
    row("referrals.change_pupil_records", "Thuiszitters en OPP's invoeren", B, Z, per_school=True),
    row("referrals.view_access_log", "Inzagelog van een leerlingregistratie bekijken", B),
    row("referrals.record_conversation", "Gesprekken met scholen over thuiszitters vastleggen", B),
    row("referrals.change_settings", "Verplichte velden en bewaartermijn instellen", B),
    order=70,
)

# The Loket (domain.md §5). Toezicht and inspectie have none of these: they see the Loket's
# figures on the dashboard only, as aggregates.
register_capabilities(
    row("referrals.view_tlv_requests", "TLV-aanvragen inzien", B, L, D, Z,
        per_school=True, rule=ASSIGNED_TO_DESKUNDIGE),
    row("referrals.submit_tlv_requests",
        "TLV-aanvragen opstellen, aanvullen, indienen en intrekken", L, Z, per_school=True),
    row("referrals.handle_tlv_requests",
        "TLV-aanvragen behandelen: deskundigen toewijzen, aanvulling vragen, vergaderen, besluiten",
        L),
    row("referrals.write_advice", "Een deskundigenadvies schrijven bij een toegewezen aanvraag", D,
        rule=OWN_ADVICE),
    row("referrals.manage_deskundigen", "Deskundigen, hun discipline en scholen beheren", L),
    row("referrals.record_objections", "Bezwaren tegen besluiten vastleggen en volgen", L),
    row("referrals.view_tlv_register", "TLV-register per school: looptijd, aflopende TLV's, kosten",
        B, L, Z, per_school=True),
    row("referrals.record_referrals", "Externe verwijzingen vastleggen", L, Z, per_school=True),
    row("referrals.record_future_conversations", "Toekomstgerichte gesprekken vastleggen", B, L),
    row("referrals.change_loket_settings", "Instellingen en bedragen van het Loket wijzigen", B, L),
    row("referrals.import_tlvs", "TLV's uit een ander systeem inlezen, en exporteren", B, L),
    # The decision letter, an issued PDF (``referrals/pdf.py``): not for toezicht, inspectie or
    # the deskundige; a zorgcoördinator reads the letters of their own schools' decisions.
    row("referrals.view_decision_letters", "Besluitbrieven over TLV-aanvragen downloaden", B, L, Z,
        rule=LETTERS_OF_OWN_SCHOOLS),
    order=95,
)
# fmt: on

register_section(
    Section(
        "Thuiszitters",
        "referrals:absence_list",
        "referrals.view_pupil_records",
        "Registraties van thuiszitters van uw school of scholen, met hun plan en uitkomst.",
    ),
    order=50,
)
register_section(
    Section(
        "OPP's",
        "referrals:opp_list",
        "referrals.view_pupil_records",
        # A soft hyphen: Chromium has no Dutch hyphenation dictionary for ``hyphens: auto``.
        "Ontwikkelings\u00adperspectiefplannen: vastgesteld, gehoord, ondertekend, geëvalueerd.",
    ),
    order=60,
)
register_section(
    Section(
        "Overzicht per school",
        "referrals:school_overview",
        "referrals.view_pupil_records",
        "Per school: open registraties, gemiddelde duur, volledigheid en het jaarlijkse gesprek.",
    ),
    order=70,
)
# Loket, part advice: a deskundige's own worklist, and the Loket's deskundigen.
register_section(
    Section(
        "Mijn adviezen",
        "loket:advice_list",
        "referrals.write_advice",
        "De aanvragen waarvoor het Loket u om een deskundigenadvies vraagt.",
    ),
    order=76,
)

register_section(
    Section(
        "Loket",
        "loket:request_list",
        "referrals.view_tlv_requests",
        "TLV-aanvragen die u mag inzien: het dossier, de status en de behandeltermijn.",
        fuller=(
            "referrals.handle_tlv_requests",
            "De werklijst van het Loket: TLV-aanvragen behandelen, met de behandeltermijn.",
        ),
    ),
    order=75,
)

# The Loket, part register: the TLV register with its costs (the amounts and import from there).
register_section(
    Section(
        "TLV-register",
        "loket:register",
        "referrals.view_tlv_register",
        "Per school de TLV's die in een jaar lopen, met hun kosten en wie ze draagt.",
    ),
    order=77,
)


def seed_demo(tenant: Tenant) -> Seeded:
    from .demo import seed_registrations  # demo code stays out of the web process until it runs
    from .demo_loket import seed_loket

    records = seed_registrations(tenant)
    loket = seed_loket(tenant)
    return Seeded(
        lines=[
            f"Leerlinggegevens (fictief): {records['absences']} thuiszittersregistraties, "
            f"{records['opps']} OPP's.",
            f"Loket (fictief): {loket['requests']} TLV-aanvragen, {loket['decisions']} besluiten, "
            f"{loket['deskundigen']} deskundigen.",
        ]
    )


# After the accounts: the Loket's deskundigen are demo members.
register_seeder("referrals", seed_demo, after=("tenancy", "accounts"))


# Pupil records the nightly retention run anonymises, and the background import of big files.
retention.register()
resources.register_imports()


# --- After the decision (aftercare) ---------------------------------------------------------------
# Nightly, after the retention run: the expiry e-mail to the school's zorgcoördinatoren.
register_periodic_task(
    "loket-expiry-notices",
    "referrals.tasks.send_expiry_notices",
    crontab(hour=6, minute=15),
)
