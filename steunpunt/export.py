"""The steunpunt's two Excel files for the jaarverslag (issue #16, point 7): part "export".

* **Contacten** (``contacts_xlsx``): one row per contact received in a school year, with what
  can be counted (date, month, channel, who, school, themes, what was done, follow-up, closed,
  signal, trend) and a second sheet with the totals per theme and per channel. The file holds
  **no free text** (``message``, ``summary``, ``referred_to``, ``follow_up_note``: they may name
  someone, however careful staff are) and **nothing of a call-back request** (not even whether
  one was asked). "Doorverwezen" is a yes or no, never where to.
* **Trends** (``trends_xlsx``): every trend that ran in the school year (signalled before its
  end and not closed before its start, or with a signal in it), with its themes, status, dates,
  first and last seen (its signals' dates), the number of signals in total and in the year, and
  the action taken.

Both files are for steunpunt staff (``steunpunt.handle_contacts``) and show the counts as they
are: small counts (1–4) are not hidden, so the page tells staff to write those as "<5" in a
public report. Every cell goes through ``swvportal.core.spreadsheets.text_cell`` (no formula
runs); dates are real dates. Each file costs a fixed number of queries, however many rows.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from swvportal.accounts.models import Membership
from swvportal.audit.models import AuditEntry
from swvportal.core.schoolyear import SchoolYear
from swvportal.core.spreadsheets import text_cell
from swvportal.tenancy.models import Tenant

from .models import Action, Channel, Contact, Theme, Trend
from .selectors import contact_list, trend_list

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd-mm-yyyy"
YES, NO = "ja", "nee"
NO_THEME, NO_SCHOOL = "(zonder thema)", ""
YEARS_BACK = 4  # school years offered before the current one, when there are no older contacts

CONTACT_COLUMNS = (
    "Referentie",
    "Datum",
    "Maand",
    "Schooljaar",
    "Kanaal",
    "Wie",
    "School",
    "BRIN",
    "Thema's",
    "Wat is gedaan",
    "Doorverwezen",
    "Vervolg nodig",
    "Vervolg uiterlijk op",
    "Afgesloten op",
    "Signaal",
    "Trend",
)
CONTACT_WIDTHS = (12, 12, 10, 12, 12, 10, 30, 9, 40, 40, 13, 13, 18, 14, 9, 36)
TREND_COLUMNS = (
    "Titel",
    "Thema's",
    "Status",
    "Gesignaleerd op",
    "Afgesloten op",
    "Eerst gezien",
    "Laatst gezien",
    "Signalen in totaal",
    "Signalen in het schooljaar",
    "Ondernomen actie",
)
TREND_WIDTHS = (40, 40, 22, 16, 14, 14, 14, 18, 26, 60)
DATE_COLUMNS = {
    "contacts": {"Datum", "Vervolg uiterlijk op", "Afgesloten op"},
    "trends": {"Gesignaleerd op", "Afgesloten op", "Eerst gezien", "Laatst gezien"},
}
SHEET_CONTACTS, SHEET_TOTALS, SHEET_TRENDS = "Contacten", "Totalen", "Trends"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    count: int  # the rows of the main sheet: what the read log records


# --- The period ------------------------------------------------------------------------------


def default_school_year(today: datetime.date | None = None) -> SchoolYear:
    """The last complete school year: the one before today's."""
    return SchoolYear.from_date(today or timezone.localdate()).previous


def school_years(membership: Membership) -> list[SchoolYear]:
    """The school years to choose from, newest first: the current one back to the oldest
    contact's (at least ``YEARS_BACK`` years back). One query."""
    current = SchoolYear.current()
    oldest = contact_list(membership=membership).aggregate(first=Min("received_on"))["first"]
    first = current - YEARS_BACK
    if oldest is not None:
        first = min(first, SchoolYear.from_date(oldest))
    return sorted(SchoolYear.span(first, current), reverse=True)


# --- Contacts --------------------------------------------------------------------------------


def readable_contacts(membership: Membership | None, tenant: Tenant) -> QuerySet[Contact]:
    """What a member may read (``selectors.contact_list``); without a member (the management
    command) all of the tenant's."""
    if membership is None:
        return Contact.objects.filter(tenant=tenant)
    return contact_list(membership=membership)


def readable_trends(membership: Membership | None, tenant: Tenant) -> QuerySet[Trend]:
    if membership is None:
        return Trend.objects.filter(tenant=tenant)
    return trend_list(membership=membership)


def contacts_in(contacts: QuerySet[Contact], year: SchoolYear) -> QuerySet[Contact]:
    """Of ``contacts``, those received in ``year``, oldest first, with their school, trend and
    themes (two queries)."""
    return (
        contacts.filter(received_on__range=(year.first_day, year.last_day))
        .select_related("school", "trend")
        .prefetch_related("themes")
        .order_by("received_on", "pk")
    )


def contact_row(contact: Contact, themes: Sequence[Theme]) -> list[Any]:
    """One contact as the file shows it: what can be counted, never a free text."""
    school = contact.school
    referred = Action.REFERRED in (contact.actions or ()) or bool(contact.referred_to)
    return [
        contact.reference,
        contact.received_on,
        f"{contact.received_on:%Y-%m}",
        SchoolYear.from_date(contact.received_on).label,
        contact.get_channel_display(),
        contact.get_asker_display(),
        school.name if school else NO_SCHOOL,
        school.brin if school else NO_SCHOOL,
        ", ".join(theme.name for theme in themes),
        ", ".join(contact.action_labels()),
        _yes_no(referred),
        _yes_no(contact.follow_up_needed),
        contact.follow_up_by,
        contact.closed_on,
        _yes_no(contact.is_signal),
        contact.trend.title if contact.trend else "",
    ]


def contact_totals(contacts: Sequence[Contact], all_themes: Iterable[Theme]) -> list[list[Any]]:
    """The sheet *Totalen*: the contacts per theme (every theme of the tenant, a contact with
    two themes counted under both) and per channel, and the number of contacts."""
    per_theme: Counter[int | None] = Counter()
    for contact in contacts:
        themes = list(contact.themes.all())
        per_theme.update([t.pk for t in themes] or [None])
    per_channel = Counter(contact.channel for contact in contacts)
    rows: list[list[Any]] = [["Thema", "Aantal contacten"]]
    rows += [[theme.name, per_theme[theme.pk]] for theme in all_themes]
    rows += [[NO_THEME, per_theme[None]], [], ["Kanaal", "Aantal contacten"]]
    rows += [[label, per_channel[value]] for value, label in Channel.choices]
    rows += [[], ["Contacten in totaal", len(contacts)]]
    return rows


def contacts_xlsx(
    *, tenant: Tenant, year: SchoolYear, membership: Membership | None = None
) -> ExportFile:
    contacts = list(contacts_in(readable_contacts(membership, tenant), year))
    all_themes = list(Theme.objects.filter(tenant=tenant))
    rows = [contact_row(c, list(c.themes.all())) for c in contacts]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_CONTACTS
    _table(sheet, CONTACT_COLUMNS, rows, CONTACT_WIDTHS, DATE_COLUMNS["contacts"])
    totals = book.create_sheet(SHEET_TOTALS)
    for row in [[f"Contacten in {year.label}"], [], *contact_totals(contacts, all_themes)]:
        totals.append([text_cell(value) for value in row])
    totals["A1"].font = Font(bold=True, size=13)
    for row in totals.iter_rows():
        if row[0].value in ("Thema", "Kanaal", "Contacten in totaal"):
            for cell in row:
                cell.font = Font(bold=True)
    totals.column_dimensions["A"].width = 40
    totals.column_dimensions["B"].width = 18
    return ExportFile(
        _bytes(book, f"Contacten steunpunt {year.label}"),
        f"steunpunt-contacten-{year.label}.xlsx",
        len(rows),
    )


# --- Trends ----------------------------------------------------------------------------------


def trends_in(trends: QuerySet[Trend], year: SchoolYear) -> QuerySet[Trend]:
    """Of ``trends``, those that ran in ``year``, with their signals counted and their themes
    (two queries)."""
    start, end = year.first_day, year.last_day
    signal_in_year = Contact.objects.filter(trend=OuterRef("pk"), received_on__range=(start, end))
    running = Q(signalled_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    return (
        trends.filter(running | Exists(signal_in_year))
        .prefetch_related("themes")
        .annotate(
            first_seen=Min("signals__received_on"),
            last_seen=Max("signals__received_on"),
            signal_count=Count("signals", distinct=True),
            signals_in_year=Count(
                "signals", filter=Q(signals__received_on__range=(start, end)), distinct=True
            ),
        )
        .order_by("signalled_on", "title", "pk")
    )


def trend_row(trend: Trend) -> list[Any]:
    return [
        trend.title,
        ", ".join(theme.name for theme in trend.themes.all()),
        trend.get_status_display(),
        trend.signalled_on,
        trend.closed_on,
        trend.first_seen,
        trend.last_seen,
        trend.signal_count,
        trend.signals_in_year,
        trend.action_taken,
    ]


def trends_xlsx(
    *, tenant: Tenant, year: SchoolYear, membership: Membership | None = None
) -> ExportFile:
    rows = [trend_row(t) for t in trends_in(readable_trends(membership, tenant), year)]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TRENDS
    _table(sheet, TREND_COLUMNS, rows, TREND_WIDTHS, DATE_COLUMNS["trends"])
    return ExportFile(
        _bytes(book, f"Trends steunpunt {year.label}"),
        f"steunpunt-trends-{year.label}.xlsx",
        len(rows),
    )


# --- Writing ---------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _table(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    date_columns: set[str],
) -> None:
    """A header row (bold, frozen, with a filter) and the rows; dates as dates."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    for index, (name, width) in enumerate(zip(columns, widths, strict=True), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if name in date_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"


def _bytes(book: Workbook, title: str) -> bytes:
    book.properties.title = title
    book.properties.creator = book.properties.lastModifiedBy = "SWV Portaal"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def log_command_export(tenant: Tenant, what: str, made: ExportFile, year: SchoolYear) -> None:
    """``log_read`` for the management command: no request, no actor."""
    AuditEntry.objects.log_create(
        tenant,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes=None,
        actor=None,
        remote_addr=None,
        additional_data={
            "what": f"{what} (opdrachtregel)",
            "count": made.count,
            "school_year": year.label,
        },
    )
