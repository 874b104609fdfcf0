"""A school's vangnet figures of one school year as a PDF (document type ``vangnet``).

The figures with their source, the two steps of the computation, the outcome and the claim's
status; a new document each time (the Loket's TLVs and the claim change until it is paid).

Who reads it: the bestuurder and the school's own zorgcoördinator. Both make it on the school's
vangnet page (``finance:vangnet_pdf``, ``finance.view_vangnet`` with the school visible) and
get the file at once. In the documents list only ``finance.handle_vangnet`` (the bestuurder)
sees these documents: the list's filter has no school to narrow a per-school capability by.
Toezicht and the inspectie never see them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from swvportal.core.pdf import PdfMeta, PdfSource, long_date
from swvportal.documents.registry import DocumentType, Facts, Option, register
from swvportal.tenancy.models import School, Tenant
from swvportal.tenancy.scoping import tenant_scope

from . import vangnet_data as data
from .models import VangnetFigure
from .selectors import HANDLE_VANGNET

VANGNET = "vangnet"
TEMPLATE = "finance/vangnet/pdf.html"


def _clean(*, tenant: Tenant, school: School | None = None, school_year: int | None = None):
    if school is None or school_year is None:
        raise ValidationError("Kies de school en het schooljaar van de vangnetberekening.")
    if school.tenant_id != tenant.pk:
        raise ValidationError("Deze school hoort niet bij dit samenwerkingsverband.")
    if not 2000 <= int(school_year) <= 2098:
        raise ValidationError("Kies een schooljaar tussen 2000-2001 en 2098-2099.")


def vangnet_document(tenant: Tenant, school: School, school_year: int) -> PdfSource:
    """Reads the data here (in the tenant's scope); ``render()`` later needs no database."""
    with tenant_scope(tenant):
        figures = data.school_figures(school=school, school_year=school_year)
        changed = list(
            VangnetFigure.objects.filter(school=school, school_year=school_year).values_list(
                "updated_at", flat=True
            )
        )
    if figures.claim is not None:
        changed.append(figures.claim.updated_at)
    label = figures.label
    meta = PdfMeta(
        title=f"Vangnetberekening {school.name} {label}",
        author=tenant.name,
        created=_created(changed, figures.peildata.june),
        subject=f"Bijlage 2 (vangnet): de cijfers, de berekening en de declaratie, {label}",
    )
    context: dict[str, Any] = {
        "tenant": tenant,
        "school": school,
        "figures": figures,
        "outcome": figures.outcome,
        "claim": figures.claim,
        "facts": [
            ("School", f"{school.name} ({school.brin})" if school.brin else school.name),
            ("Soort", school.get_kind_display()),
            ("Schooljaar", label),
            ("Peildata", ", ".join(long_date(d) for d in _days(figures))),
        ],
    }
    return PdfSource(
        template_name=TEMPLATE,
        context=context,
        meta=meta,
        filename=f"{tenant.code}-vangnet-{school.brin or school.pk}-{label}.pdf",
    )


def _days(figures) -> list[datetime.date]:
    days = figures.peildata
    return [days.september, days.february, days.june]


def _created(changed: list[datetime.datetime], june: datetime.date) -> datetime.datetime:
    """The newest change behind the figures; lacking any, midnight of the school year's 1 juni."""
    if changed:
        return timezone.localtime(max(changed)).replace(microsecond=0)
    return timezone.make_aware(datetime.datetime.combine(june, datetime.time()))


def _build(*, tenant: Tenant, school: School, school_year: int) -> PdfSource:
    return vangnet_document(tenant, school, int(school_year))


def _facts(*, school: School, school_year: int) -> Facts:
    return Facts(
        title=f"Vangnetberekening {school.name} {data.school_year_label(int(school_year))}"
    )


def _to_json(*, school: School, school_year: int) -> dict:
    return {"school_id": school.pk, "school_year": int(school_year)}


def _from_json(params: dict) -> dict:
    school = School.objects.filter(pk=params.get("school_id")).first()  # the job's tenant
    if school is None:
        raise LookupError("Deze school bestaat niet meer.")
    return {"school": school, "school_year": params.get("school_year")}


def _job_fact(params: dict) -> str:
    school = School.objects.filter(pk=params.get("school_id")).first()
    year = params.get("school_year")
    name = school.name if school else "(school bestaat niet meer)"
    return f"Vangnetberekening {name} {data.school_year_label(int(year)) if year else ''}"


def _from_options(tenant: Tenant, options: dict) -> dict:
    brin, raw = options.get("vangnet_school"), options.get("school_year")
    if not brin or not raw:
        raise CommandError("Geef de school en het schooljaar: --brin BRIN --schooljaar 2025-2026.")
    with tenant_scope(tenant):
        school = School.objects.filter(tenant=tenant, brin=str(brin).upper()).first()
    if school is None:
        raise CommandError(f"{tenant.code} heeft geen school met BRIN {brin}.")
    try:
        year = int(str(raw)[:4])
    except ValueError:
        raise CommandError(
            f"Ongeldig schooljaar {raw!r}: schrijf bijvoorbeeld 2025-2026."
        ) from None
    return {"school": school, "school_year": year}


VANGNET_TYPE = register(
    DocumentType(
        key=VANGNET,
        label="Vangnetberekening",
        build=_build,
        clean=_clean,
        facts=_facts,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact,
        create_capability=HANDLE_VANGNET,
        read_capability=HANDLE_VANGNET,
        draft_capability=HANDLE_VANGNET,
        options=(
            Option("--brin", "vangnet_school", "vangnet: de BRIN van de school."),
            Option(
                "--schooljaar",
                "school_year",
                "vangnet: het schooljaar, bijvoorbeeld 2025-2026 (ook voor het jaarplan).",
            ),
        ),
        from_options=_from_options,
    )
)
