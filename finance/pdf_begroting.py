"""The meerjarenbegroting as a PDF, and Bijlage 3 of the OSP (issue #15, Build 7; domain.md §9,
§10), through the portal's one pipeline (``swvportal.core.pdf``: PDF/A-3a, tagged, fonts
embedded, same input → same bytes).

``begroting_document(begroting)`` returns a ``PdfSource``. The document:

1. the cover (``pdf/_cover.html``): SWV, "Meerjarenbegroting 2025–2029", code, years, version,
   status, date;
2. the contents (``pdf/_toc.html``), page numbers by CSS ``target-counter()``;
3. an introduction (what the begroting is, the version's own note);
4. the table: years as columns, baten, verplichte afdrachten and programma's with their lines,
   sub-lines and totals, totale lasten and resultaat (``selectors.begroting_table``, derived by
   ``rules.build_table``: nothing typed), Dutch number format; then the lines' notes. From six
   years on, the table's pages are landscape;
5. the reserve: per year the eigen vermogen at the start, the resultaat, the end, the tenant's
   ceiling and the Inspectie's signaleringswaarde, with the warnings
   (``selectors.begroting_reserves``);
6. the colophon with the version's approval trail, the ALV's vaststelling included.

Reproducible: a vastgestelde version is dated by its adoption (00:00), a concept by its newest
change (the version, its lines, its trail). A fixed number of queries, whatever the lines.

This module also registers (autodiscovered through ``finance.pdf``):

* the document type ``begroting``: a concept's PDF is a new document each time; a vastgestelde
  version's is archived once (``Archive.ONCE_PER_SUBJECT``, as the OSP and the jaarplan: the
  first "PDF maken" or ``render_pdf`` of that version) and returned unchanged ever after. Read
  with ``finance.view_begroting`` when archived (bestuurder, toezicht, inspectie), else with
  ``finance.view_begroting_draft`` (bestuurder, toezicht); made with ``documents.create``;
* Bijlage 3 of the OSP (``bijlage_3``): the vastgestelde begroting in force on the plan PDF's
  peildatum, in the seed's layout (the lines without their sub-lines). The plan's PDF asks the
  appendix registry for it, so ``plans`` does not import finance.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import override

from swvportal.core.pdf import PdfMeta, PdfSource, TocEntry, long_date
from swvportal.documents import registry
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
from swvportal.tenancy.scoping import tenant_scope

from . import rules
from .access import get_begroting_for_user
from .models import Begroting, BegrotingApproval, BegrotingStatus
from .selectors import (
    VIEW,
    VIEW_DRAFT,
    approval_trail,
    begroting_lines,
    begroting_reserves,
    begroting_table,
    current_begroting,
)
from .services import settings_for

TEMPLATE = "finance/pdf/begroting.html"
BEGROTING = "begroting"
MAKER = "SWV Portaal"
WIDE_FROM = 6  # years: from six columns of euros on, the table's pages turn to landscape
VERSION_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")


# --- The parts of the document -------------------------------------------------------------------


@dataclass(frozen=True)
class LineNote:
    group: str  # "Baten"
    title: str
    note: str


@dataclass(frozen=True)
class ReserveRules:
    """The two checks as the document explains them."""

    ceiling: int | None
    rate: str  # "3,5%"
    minimum: int


@dataclass
class BegrotingData:
    begroting: Begroting
    table: rules.Table
    reserves: list[rules.ReserveYear]
    rules: ReserveRules
    notes: list[LineNote]
    approvals: list[BegrotingApproval]
    changed: list[datetime.datetime]  # the lines' change stamps (a concept's date)

    @property
    def warnings(self) -> list[str]:
        return [warning for year in self.reserves for warning in year.warnings]

    @property
    def has_sub_lines(self) -> bool:
        return any(row.has_children for row in self.table.rows())

    @property
    def wide(self) -> bool:
        return len(self.table.years) >= WIDE_FROM


INTRODUCTION = TocEntry("inleiding", "Inleiding")
TABLE = TocEntry("begroting", "Begroting per kalenderjaar")
NOTES = TocEntry("toelichting", "Toelichting bij de regels", level=2)
RESERVE = TocEntry("reserve", "Eigen vermogen en reservetoetsen")
COLOPHON = TocEntry("colofon", "Colofon")


def years_label(begroting: Begroting) -> str:
    """ "2025–2029" (one year: "2025")."""
    if begroting.first_year == begroting.last_year:
        return str(begroting.first_year)
    return f"{begroting.first_year}–{begroting.last_year}"


def percent_label(rate: Decimal) -> str:
    """Decimal("0.0350") → "3,5%"."""
    text = format(Decimal(rate) * 100, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


# --- The document --------------------------------------------------------------------------------


def begroting_document(begroting: Begroting) -> PdfSource:
    """The PDF source of one begroting version. Reads everything here (in the tenant's scope);
    ``render()`` later needs no database."""
    tenant = begroting.tenant
    with tenant_scope(tenant), override("nl"):
        data = read_begroting(begroting)
        created = _created(begroting, data)
        entries = toc_entries(data)
        context = {
            "begroting": begroting,
            "tenant": tenant,
            "years": years_label(begroting),
            "data": data,
            "facts": _cover_facts(begroting, created),
            "entries": entries,
            "anchors": {e.anchor: e for e in entries},
            "adopted_on": long_date(begroting.adopted_on) if begroting.adopted_on else "",
            "created_on": long_date(timezone.localdate(created)),
            "maker": MAKER,
        }
    title = f"{begroting.title} {years_label(begroting)}"
    meta = PdfMeta(
        title=title,
        author=tenant.name,
        created=created,
        subject=(
            f"{title} van {tenant.name} ({tenant.code}), versie {begroting.version} "
            f"({begroting.get_status_display().lower()})"
        ),
    )
    return PdfSource(
        template_name=TEMPLATE,
        context=context,
        meta=meta,
        filename=f"{tenant.code}-begroting-{years_label(begroting).replace('–', '-')}-"
        f"{begroting.version}.pdf",
    )


def read_begroting(begroting: Begroting) -> BegrotingData:
    """Every part of the document, in a fixed number of queries."""
    lines = begroting_lines(begroting)
    table = begroting_table(begroting, lines=lines)
    settings = settings_for(begroting.tenant)
    labels = {block.group: block.label for block in table.groups}
    return BegrotingData(
        begroting=begroting,
        table=table,
        reserves=begroting_reserves(begroting, table),
        rules=ReserveRules(
            settings.reserve_ceiling, percent_label(settings.signal_rate), settings.signal_minimum
        ),
        notes=[
            LineNote(labels[row.line.group], row.line.title, row.line.note)
            for row in table.rows()
            if row.line.note.strip()
        ],
        approvals=list(approval_trail(begroting).order_by("date", "position", "pk")),
        changed=[line.updated_at for line in lines],
    )


def toc_entries(data: BegrotingData) -> list[TocEntry]:
    """The contents in document order; the template prints the same entries as headings."""
    entries = [INTRODUCTION, TABLE]
    if data.notes:
        entries.append(NOTES)
    return [*entries, RESERVE, COLOPHON]


def _created(begroting: Begroting, data: BegrotingData) -> datetime.datetime:
    """The day of adoption at 00:00, else (a concept) the version's newest change."""
    if begroting.is_adopted and begroting.adopted_on:
        return timezone.make_aware(datetime.datetime.combine(begroting.adopted_on, datetime.time()))
    stamps = [begroting.updated_at, *data.changed, *(s.updated_at for s in data.approvals)]
    return timezone.localtime(max((s for s in stamps if s), default=begroting.created_at))


def _cover_facts(begroting: Begroting, created: datetime.datetime) -> list[tuple[str, str]]:
    facts = [
        ("Code", begroting.tenant.code),
        ("Kalenderjaren", f"{begroting.first_year} tot en met {begroting.last_year}"),
        ("Versie", begroting.version),
        ("Status", begroting.get_status_display()),
    ]
    if begroting.is_adopted and begroting.adopted_on:
        facts.append(("Vastgesteld op", long_date(begroting.adopted_on)))
    else:
        facts.append(("Datum", long_date(timezone.localdate(created))))
    return facts


# --- The document type ---------------------------------------------------------------------------


def _clean(*, tenant: Tenant, begroting: Begroting | None = None) -> None:
    if begroting is None:
        raise ValidationError("Kies de versie van de begroting.")
    if begroting.tenant_id != tenant.pk:
        raise ValidationError("Deze begroting hoort niet bij dit samenwerkingsverband.")


def _build(*, tenant: Tenant, begroting: Begroting) -> PdfSource:
    return begroting_document(begroting)


def _facts(*, begroting: Begroting) -> Facts:
    return Facts(
        title=f"{begroting.title} {years_label(begroting)} (versie {begroting.version})",
        subject=begroting,
        version_label=begroting.version,
        final=begroting.is_adopted,  # a vastgestelde version never changes again
    )


def _to_json(*, begroting: Begroting) -> dict:
    return {"begroting_id": begroting.pk}


def _from_json(data: dict) -> dict:
    if not data.get("begroting_id"):
        return {"begroting": None}  # refused by _clean with a Dutch message
    begroting = Begroting.objects.filter(pk=data["begroting_id"]).first()  # the job's tenant
    if begroting is None:
        raise LookupError("Deze versie van de begroting bestaat niet meer.")
    return {"begroting": begroting}


def _job_fact(data: dict) -> str:
    begroting = Begroting.objects.filter(pk=data.get("begroting_id")).first()  # scoped
    if begroting is None:
        return "Meerjarenbegroting (deze versie bestaat niet meer)"
    return _facts(begroting=begroting).title


def _from_request(request: HttpRequest, begroting_id: int) -> dict:
    begroting, _ = get_begroting_for_user(request, begroting_id)  # 404: not for this member
    return {"begroting": begroting}


def _back(request: HttpRequest, begroting_id: int) -> str:
    return reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": request.tenant.code, "begroting_id": begroting_id},
    )


def _make_hint(tenant: Tenant) -> str:
    url = reverse("finance:begroting_list", kwargs={"tenant_code": tenant.code})
    return format_html('bij de versie van de <a href="{}">begroting</a> ("PDF maken")', url)


VERSION_OPTION = Option(
    "--versie",
    "begroting_version",
    "begroting: de versie, bijvoorbeeld 1.0 (standaard de vastgestelde versie die geldt, anders "
    "de nieuwste).",
)


def _option(options: dict, option: Option) -> Any:
    """The value ``render_pdf`` parsed for ``option``'s flag. A flag that two types share has
    one destination there: that of the type registered first (``--versie`` is the jaarplan's
    too), so the value is looked up under that one."""
    dest = next(
        (o.dest for t in registry.all_types() for o in t.options if o.flag == option.flag),
        option.dest,
    )
    return options.get(dest)


def parse_version(raw: Any) -> tuple[int, int] | None:
    if raw is None:
        return None
    match = VERSION_RE.match(str(raw).strip())
    if match is None:
        raise CommandError(f"Ongeldige versie {raw!r}: schrijf bijvoorbeeld 1.0.")
    return int(match[1]), int(match[2])


def begroting_for_pdf(*, tenant: Tenant, version: tuple[int, int] | None = None):
    """Version ``version``, or the vastgestelde version in force, or the newest version."""
    versions = Begroting.objects.filter(tenant=tenant)
    if version is not None:
        return versions.filter(version_major=version[0], version_minor=version[1]).first()
    return current_begroting(tenant=tenant) or versions.first()


def _from_options(tenant: Tenant, options: dict) -> dict:
    version = parse_version(_option(options, VERSION_OPTION))
    begroting = begroting_for_pdf(tenant=tenant, version=version)
    if begroting is None:
        raise CommandError(
            f"Versie {version[0]}.{version[1]} van de begroting bestaat niet bij {tenant.code}."
            if version
            else f"{tenant.code} heeft nog geen begroting."
        )
    return {"begroting": begroting}


BEGROTING_TYPE = register(
    DocumentType(
        key=BEGROTING,
        label="Meerjarenbegroting",
        build=_build,
        clean=_clean,
        facts=_facts,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact,
        create_capability="documents.create",
        read_capability=VIEW,
        draft_capability=VIEW_DRAFT,
        archive=Archive.ONCE_PER_SUBJECT,
        create_path="begroting/<int:begroting_id>/maken/",
        create_name="begroting_create",
        from_request=_from_request,
        back=_back,
        make_hint=_make_hint,
        options=(VERSION_OPTION,),
        from_options=_from_options,
    )
)


# --- Bijlage 3 of the ondersteuningsplan ---------------------------------------------------------


@dataclass(frozen=True)
class OspBegroting:
    """What the OSP's appendix prints: the version's table, its lines without sub-lines."""

    title: str  # "Meerjarenbegroting 2025–2029"
    version: str
    adopted_on: str
    table: rules.Table


def begroting_for_osp(*, tenant: Tenant, peildatum: datetime.date) -> Begroting | None:
    """The vastgestelde begroting in force on ``peildatum`` (``current_begroting``'s order,
    among the versions adopted by then): an adopted plan's archived PDF shows the begroting of
    its day of adoption, not a later one."""
    return (
        Begroting.objects.filter(
            tenant=tenant, status=BegrotingStatus.ADOPTED, adopted_on__lte=peildatum
        )
        .order_by("-adopted_on", "-version_major", "-version_minor", "-pk")
        .first()
    )


@appendix("osp", order=3)
def bijlage_3(data: Any) -> Section | None:
    """The tenant's vastgestelde begroting (years as columns, the three groups with their totals,
    totale lasten, resultaat); None without one."""
    begroting = begroting_for_osp(tenant=data.tenant, peildatum=data.peildatum)
    if begroting is None:
        return None
    years = years_label(begroting)
    table = begroting_table(begroting)
    # From six years on the appendix takes landscape pages: the OSP prints the anchor in the
    # section's class (``osp-section--<anchor>``), which print.css turns into ``page: wide``.
    wide = len(table.years) >= WIDE_FROM
    return Section(
        "bijlage-3-liggend" if wide else "bijlage-3",
        f"Bijlage 3: {begroting.title} {data.tenant.name} {years}",
        "finance/pdf/_osp_appendix.html",
        OspBegroting(
            title=f"{begroting.title} {years}",
            version=begroting.version,
            adopted_on=long_date(begroting.adopted_on) if begroting.adopted_on else "",
            table=table,
        ),
    )
