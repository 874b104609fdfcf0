"""The sections of a tenant, each behind a capability. Apps add their section here as they grow."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    capability: str
    description: str
    # (capability, description): said instead to a member who also has that capability, so a
    # card promises only what the role can open.
    fuller: tuple[str, str] | None = None

    def description_for(self, membership: Membership) -> str:
        if self.fuller and can(membership, self.fuller[0]):
            return self.fuller[1]
        return self.description


SECTIONS: list[Section] = [
    Section(
        "Ondersteuningsplan",
        "plans:plan_list",
        "plans.view_plan",
        "Het ondersteuningsplan: hoofdstukken, pijlers, ontwikkeldoelen en stappen per "
        "schooljaar, met versies en het goedkeuringstraject.",
    ),
    Section(
        "Dashboard",
        "monitoring:dashboard",
        "monitoring.view_dashboard",
        "De indicatoren en normen uit het ondersteuningsplan, per pijler, met trend en status.",
    ),
    Section(
        "Documenten",
        "documents:document_list",
        "documents.view_plan_pdf",
        "PDF's van het ondersteuningsplan, met hun SHA-256.",
        fuller=(
            "documents.view_monitoring_pdf",
            "PDF's van het ondersteuningsplan en van de monitoringsrapportage, met hun SHA-256.",
        ),
    ),
    Section(
        "Schoolrapportage",
        "monitoring:report_overview",
        "monitoring.report_school",
        "De jaarlijkse rapportage van de school over de indicatoren die de school zelf invult.",
    ),
    Section(
        "Thuiszitters",
        "referrals:absence_list",
        "referrals.view_pupil_records",
        "Registraties van thuiszitters van uw school of scholen, met hun plan en uitkomst.",
    ),
    Section(
        "OPP's",
        "referrals:opp_list",
        "referrals.view_pupil_records",
        # A soft hyphen: Chromium has no Dutch hyphenation dictionary for ``hyphens: auto``.
        "Ontwikkelings\u00adperspectiefplannen: vastgesteld, gehoord, ondertekend, geëvalueerd.",
    ),
    Section(
        "Overzicht per school",
        "referrals:school_overview",
        "referrals.view_pupil_records",
        "Per school: open registraties, gemiddelde duur, volledigheid en het jaarlijkse gesprek.",
    ),
    Section(
        "Scholen",
        "tenancy:school_list",
        "tenancy.view_schools",
        "De scholen van het samenwerkingsverband met hun BRIN, soort en bestuur.",
    ),
    Section(
        "Gebruikers",
        "accounts:member_list",
        "accounts.view_members",
        "Wie toegang heeft tot het portaal, met welke rol en voor welke scholen.",
    ),
    Section(
        "Logboek",
        "audit:entry_list",
        "audit.view_log",
        "Wie wat heeft gewijzigd of ingezien, en wanneer.",
    ),
    Section(
        "Achtergrondtaken",
        "jobs:job_list",
        "jobs.view_job",
        "De voortgang van berekeningen en exports die u heeft gestart.",
    ),
]


def sections_for(membership: Membership) -> list[dict[str, str]]:
    code = membership.tenant.code
    return [
        {
            "label": s.label,
            "url": reverse(s.url_name, kwargs={"tenant_code": code}),
            "description": s.description_for(membership),
        }
        for s in SECTIONS
        if can(membership, s.capability)
    ]
