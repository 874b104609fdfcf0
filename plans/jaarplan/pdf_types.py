"""The jaarplan's document types and its appendix to the OSP's PDF. ``plans.pdf`` imports this
module at its end (the documents registry autodiscovers ``plans.pdf`` only).

* ``jaarplan``: the jaarplan of one version (``pdf.plan_edition``). A concept gets a new
  document each time; a vastgesteld version is archived once and returned unchanged ever after.
* ``jaarplan_evaluatie``: a vastgesteld version's progress (a new document each time) and, once
  the year is geëvalueerd, its evaluation (archived once). A concept has neither.
* Bijlage 6 of the OSP (``bijlage_jaarplan``): the verbeterpunten and activities of the jaarplan
  of the plan's current school year.

Reading follows the jaarplan's own rule: an archived document (a vastgesteld version) with
``plans.view_jaarplan`` (every role), every other with ``plans.view_jaarplan_draft`` (B, L, Z),
so toezicht and inspectie get the PDFs of vastgestelde versions only. "PDF maken" is
``documents.create`` (the bestuurder), as for the OSP.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from swvportal.core.pdf import long_date
from swvportal.core.schoolyear import SchoolYear
from swvportal.documents.registry import (
    Archive,
    DocumentType,
    Facts,
    Option,
    Section,
    appendix,
    register,
)
from swvportal.tenancy.models import Tenant

from ..models import Jaarplan, JaarplanStatus
from .access import get_jaarplan_for_user
from .pdf import (
    Edition,
    PillarPart,
    evaluation_edition,
    jaarplan_document,
    pillar_parts,
    plan_edition,
)
from .selectors import READABLE_BY_ALL, VIEW, VIEW_DRAFT, jaarplan_tree

JAARPLAN = "jaarplan"
EVALUATION = "jaarplan_evaluatie"
VERSION_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")


# --- Both types ----------------------------------------------------------------------------------


def _clean(*, tenant: Tenant, jaarplan: Jaarplan | None = None) -> None:
    if jaarplan is None:
        raise ValidationError("Kies de versie van het jaarplan.")
    if jaarplan.tenant_id != tenant.pk:
        raise ValidationError("Dit jaarplan hoort niet bij dit samenwerkingsverband.")


def _to_json(*, jaarplan: Jaarplan) -> dict:
    return {"jaarplan_id": jaarplan.pk}


def _from_json(data: dict) -> dict:
    if not data.get("jaarplan_id"):
        return {"jaarplan": None}  # refused by _clean with a Dutch message
    jaarplan = Jaarplan.objects.filter(pk=data["jaarplan_id"]).first()  # the job's tenant
    if jaarplan is None:
        raise LookupError("Deze versie van het jaarplan bestaat niet meer.")
    return {"jaarplan": jaarplan}


def _job_fact_of(kind: str):
    """What the job page says it makes: "Jaarplan 2026-2027 (versie 1.0)", "Evaluatie …"."""

    def job_fact(data: dict) -> str:
        jaarplan = Jaarplan.objects.filter(pk=data.get("jaarplan_id")).first()  # scoped
        if jaarplan is None:
            return "Jaarplan (deze versie bestaat niet meer)"
        edition = plan_edition(jaarplan) if kind == JAARPLAN else evaluation_edition(jaarplan)
        return f"{edition.title} {jaarplan.year.label} (versie {jaarplan.version})"

    return job_fact


def _from_request(request: HttpRequest, jaarplan_id: int) -> dict:
    jaarplan, _ = get_jaarplan_for_user(request, jaarplan_id)  # 404 for what one may not read
    return {"jaarplan": jaarplan}


def _back(request: HttpRequest, jaarplan_id: int) -> str:
    code = request.tenant.code
    return _reverse_or(
        "jaarplan:jaarplan_detail",
        {"tenant_code": code, "jaarplan_id": jaarplan_id},
        "documents:document_list",
        {"tenant_code": code},
    )


def _make_hint(tenant: Tenant) -> str:
    url = _reverse_or(
        "jaarplan:jaarplan_list",
        {"tenant_code": tenant.code},
        "documents:document_list",
        {"tenant_code": tenant.code},
    )
    return format_html('bij de versie van het <a href="{}">jaarplan</a> ("PDF maken")', url)


def _reverse_or(name: str, kwargs: dict, fallback: str, fallback_kwargs: dict) -> str:
    """The jaarplan's page, or (before the pages are installed) the documents list."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(fallback, kwargs=fallback_kwargs)


OPTIONS = (
    Option(
        "--schooljaar",
        "school_year",
        "jaarplan: het schooljaar, bijvoorbeeld 2026-2027 (verplicht).",
    ),
    Option(
        "--versie",
        "jaarplan_version",
        "jaarplan: de versie, bijvoorbeeld 1.0 (standaard de nieuwste vastgestelde versie, "
        "anders de nieuwste).",
    ),
)


def _from_options(tenant: Tenant, options: dict) -> dict:
    raw = options.get("school_year")
    if not raw:
        raise CommandError("Geef het schooljaar van het jaarplan: --schooljaar 2026-2027.")
    try:
        year = SchoolYear.parse(str(raw).strip())
    except ValidationError as exc:
        raise CommandError(f"Ongeldig schooljaar {raw!r}: {' '.join(exc.messages)}") from None
    version = _parse_version(options.get("jaarplan_version"))
    jaarplan = jaarplan_for_pdf(tenant=tenant, school_year=year, version=version)
    if jaarplan is None:
        raise CommandError(
            f"Versie {version[0]}.{version[1]} van het jaarplan {year.label} bestaat niet bij "
            f"{tenant.code}."
            if version
            else f"{tenant.code} heeft geen jaarplan voor {year.label}. Maak het eerst met "
            f"create_jaarplan --tenant {tenant.code} --schooljaar {year.label}."
        )
    return {"jaarplan": jaarplan}


def _parse_version(raw: str | None) -> tuple[int, int] | None:
    if raw is None:
        return None
    match = VERSION_RE.match(str(raw).strip())
    if match is None:
        raise CommandError(f"Ongeldige versie {raw!r}: schrijf bijvoorbeeld 1.0.")
    return int(match[1]), int(match[2])


def jaarplan_for_pdf(
    *, tenant: Tenant, school_year: SchoolYear, version: tuple[int, int] | None = None
) -> Jaarplan | None:
    """Version ``version`` of the school year's jaarplan, or its newest vastgesteld version, or
    its newest version."""
    versions = Jaarplan.objects.filter(tenant=tenant, school_year=school_year.start)
    if version is not None:
        return versions.filter(version_major=version[0], version_minor=version[1]).first()
    newest = ("-version_major", "-version_minor")
    adopted = versions.filter(status__in=READABLE_BY_ALL).order_by(*newest).first()
    return adopted or versions.order_by(*newest).first()


# --- jaarplan ------------------------------------------------------------------------------------


def _build(*, tenant: Tenant, jaarplan: Jaarplan):
    return jaarplan_document(jaarplan, plan_edition(jaarplan))


def _facts(*, jaarplan: Jaarplan) -> Facts:
    return Facts(
        title=f"Jaarplan {jaarplan.year.label} (versie {jaarplan.version})",
        subject=jaarplan,
        version_label=jaarplan.version,
        final=jaarplan.is_adopted,  # the version as adopted: it shows the day of adoption
    )


JAARPLAN_TYPE = register(
    DocumentType(
        key=JAARPLAN,
        label="Jaarplan",
        build=_build,
        clean=_clean,
        facts=_facts,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact_of(JAARPLAN),
        create_capability="documents.create",
        read_capability=VIEW,
        draft_capability=VIEW_DRAFT,
        archive=Archive.ONCE_PER_SUBJECT,
        create_path="jaarplan/<int:jaarplan_id>/maken/",
        create_name="jaarplan_create",
        from_request=_from_request,
        back=_back,
        make_hint=_make_hint,
        options=OPTIONS,
        from_options=_from_options,
    )
)


# --- jaarplan_evaluatie --------------------------------------------------------------------------


def _clean_evaluation(*, tenant: Tenant, jaarplan: Jaarplan | None = None) -> None:
    _clean(tenant=tenant, jaarplan=jaarplan)
    if not jaarplan.is_adopted:
        raise ValidationError(
            "Voortgang en evaluatie zijn er pas als het jaarplan is vastgesteld. Van dit concept "
            "kunt u de PDF van het jaarplan maken."
        )


def _build_evaluation(*, tenant: Tenant, jaarplan: Jaarplan):
    return jaarplan_document(jaarplan, evaluation_edition(jaarplan))


def _facts_evaluation(*, jaarplan: Jaarplan) -> Facts:
    year, version = jaarplan.year.label, jaarplan.version
    if jaarplan.status == JaarplanStatus.EVALUATED:
        return Facts(
            title=f"Evaluatie jaarplan {year} (versie {version})",
            subject=jaarplan,
            version_label=version,
            final=True,  # geëvalueerd: nothing in this version changes any more
        )
    today = timezone.localdate()
    return Facts(
        title=f"Voortgang jaarplan {year} (versie {version}), stand {today:%d-%m-%Y}",
        subject=jaarplan,
        version_label=version,
        peildatum=today,
    )


EVALUATION_TYPE = register(
    DocumentType(
        key=EVALUATION,
        label="Voortgang en evaluatie jaarplan",
        build=_build_evaluation,
        clean=_clean_evaluation,
        facts=_facts_evaluation,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact_of(EVALUATION),
        create_capability="documents.create",
        read_capability=VIEW,
        draft_capability=VIEW_DRAFT,
        archive=Archive.ONCE_PER_SUBJECT,
        create_path="jaarplan/<int:jaarplan_id>/evaluatie/maken/",
        create_name="jaarplan_evaluation_create",
        from_request=_from_request,
        back=_back,
        options=OPTIONS,
        from_options=_from_options,
        draft_note="voortgang, niet gearchiveerd",
    )
)


# --- Bijlage 6 of the ondersteuningsplan ---------------------------------------------------------


@dataclass(frozen=True)
class OspJaarplan:
    """What the OSP's appendix prints: the jaarplan's content, without statuses (they change
    through the year, and the plan's archived PDF depends on its data alone)."""

    year: str
    version: str
    adopted_on: str
    evaluated: bool
    pillars: list[PillarPart]


def jaarplan_for_osp(*, plan: Any, peildatum: datetime.date) -> Jaarplan | None:
    """The vastgesteld jaarplan of the plan's current school year on ``peildatum``, else the
    newest one before it within the plan's period; only versions adopted by ``peildatum``."""
    current = SchoolYear.from_date(peildatum).start
    years = [y for y in plan.school_years if y <= current]
    if not years:
        return None
    return (
        Jaarplan.objects.filter(
            tenant_id=plan.tenant_id,
            school_year__in=years,
            status__in=READABLE_BY_ALL,
            adopted_on__lte=peildatum,
        )
        .order_by("-school_year", "-version_major", "-version_minor")
        .first()
    )


@appendix("osp", order=6)
def bijlage_jaarplan(data: Any) -> Section | None:
    """The jaarplan of the plan's current school year: its verbeterpunten and activities."""
    jaarplan = jaarplan_for_osp(plan=data.plan, peildatum=data.peildatum)
    if jaarplan is None:
        return None
    edition = Edition("bijlage", "Jaarplan", None)
    parts = pillar_parts(jaarplan_tree(jaarplan), edition)
    year = jaarplan.year.label
    return Section(
        "bijlage-jaarplan",
        f"Bijlage 6: Jaarplan {year}",
        "plans/jaarplan/pdf/_osp_appendix.html",
        OspJaarplan(
            year=year,
            version=jaarplan.version,
            adopted_on=long_date(jaarplan.adopted_on) if jaarplan.adopted_on else "",
            evaluated=jaarplan.status == JaarplanStatus.EVALUATED,
            pillars=parts,
        ),
    )
