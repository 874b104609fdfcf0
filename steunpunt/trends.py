"""Part "trends": the overview (contacts per theme per month, open follow-ups) and the trends,
their signals and the rules for changing them.

Small counts (``rules``): whoever does not staff the steunpunt sees a count of 1–4 as "<5". The
overview's table has totals per theme and per month and a grand total: a hidden cell must not be
computable from a total minus the shown cells, so in every line of the table (a row with its
total, a column with its total) either none or at least two entries are hidden
(:func:`protect_table`, ``rules.protect_parts`` in two directions). The chart draws only what
the table shows.

Queries are bounded: the overview's counts are one grouped query (month × theme), the themes
one more; a trend's counts two grouped queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.core.schoolyear import SchoolYear, school_year_label
from swvportal.tenancy.models import Tenant

from . import rules
from .models import Contact, Theme, Trend, TrendStatus
from .selectors import CHANGE_SETTINGS, HANDLE, VIEW_FEEDBACK, VIEW_TRENDS, trend_list

NO_THEME = "Geen thema"
# Colours for the chart's themes: each has a contrast of at least 4.5:1 on white (WCAG 1.4.11
# asks 3:1 for graphics); segments are separated by a white line.
PALETTE = (
    "#154273",
    "#a34a00",
    "#1e6b2f",
    "#6a1b9a",
    "#b00020",
    "#00695c",
    "#5d4037",
    "#ad1457",
    "#37474f",
    "#3949ab",
)
NO_THEME_COLOUR = "#545454"


def month_short(month: datetime.date) -> str:
    """ "mrt": Django's Dutch abbreviation of the month."""
    return str(MONTHS_3[month.month])


def month_label(month: datetime.date) -> str:
    return f"{month_short(month)} {month:%Y}"


def month_name(month: datetime.date) -> str:
    """ "maart 2026": Django's Dutch name of the month (the portal speaks Dutch)."""
    return f"{MONTHS[month.month]} {month:%Y}"


def page_url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


# --- The overview: contacts per theme per month ------------------------------------------------


def months_of(year: SchoolYear) -> list[datetime.date]:
    """The first days of the twelve months of a school year, August to July."""
    return [datetime.date(year.start + (m < 8), m, 1) for m in (*range(8, 13), *range(1, 8))]


def school_years_with_contacts(tenant: Tenant) -> list[int]:
    """The school years (first calendar year) in which the tenant has contacts, newest first
    (one query: the distinct months)."""
    months = (
        Contact.objects.filter(tenant=tenant)
        .annotate(month=TruncMonth("received_on"))
        .values_list("month", flat=True)
        .distinct()
    )
    return sorted({rules.school_year_of(_as_date(m)) for m in months}, reverse=True)


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclass
class Cell:
    count: int
    label: str
    hidden: bool


@dataclass
class Line:
    """A theme's row (or the totals row): a cell per month and its total."""

    key: str
    label: str
    colour: str
    cells: list[Cell]
    total: Cell


@dataclass
class Bar:
    x: str
    y: str
    height: str
    colour: str
    title: str


@dataclass
class Column:
    x: str
    label_x: str
    label: str
    total: str
    total_y: str
    bars: list[Bar]
    has_hidden: bool


@dataclass
class ThemeMonthTable:
    school_year: int
    months: list[datetime.date]
    rows: list[Line]
    totals: Line
    contacts: str  # the number of contacts (a contact with two themes counts once)
    suppress: bool
    any_hidden: bool
    chart: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.months]

    @property
    def is_empty(self) -> bool:
        return all(r.total.count == 0 for r in self.rows)

    @property
    def description(self) -> str:
        """What the chart shows, in words (its <title> and aria-label)."""
        if self.is_empty:
            return f"Geen contacten in schooljaar {self.label}."
        busiest = [r for r in self.rows if r.total.count and not r.total.hidden]
        busiest.sort(key=lambda r: -r.total.count)
        top = ", ".join(f"{r.label} {r.total.label}" for r in busiest[:3])
        text = (
            f"Contacten per thema per maand in schooljaar {self.label}: "
            f"{self.totals.total.label} keer een thema genoemd"
            + (f" in {self.contacts} contacten." if self.contacts else ".")
        )
        if top:
            text += f" Meest genoemd: {top}."
        if self.any_hidden:
            text += " Aantallen van 1 tot 4 staan niet per thema getekend."
        return text


def protect_table(grid: list[list[int]], *, suppress: bool) -> tuple[set, set, set, bool]:
    """Which entries of a table with margins are hidden: ``(cells, row_totals, col_totals,
    grand)``, cells as ``(row, col)``.

    Counts of 1–4 are hidden; then, as long as a line (a row with its total, a column with its
    total, the row totals or the column totals with the grand total) holds exactly one hidden
    entry, or a shown total whose hidden parts add up to 1–4, the smallest other non-zero entry
    of that line is hidden too (a part before the total), so neither a hidden entry nor a small
    sum of them is a total minus shown entries.
    """
    if not suppress:
        return set(), set(), set(), False
    n_rows = len(grid)
    n_cols = len(grid[0]) if grid else 0
    value: dict[tuple, int] = {
        ("c", i, j): grid[i][j] for i in range(n_rows) for j in range(n_cols)
    }
    for i in range(n_rows):
        value["r", i] = sum(grid[i])
    for j in range(n_cols):
        value["k", j] = sum(grid[i][j] for i in range(n_rows))
    value["g",] = sum(value["r", i] for i in range(n_rows))
    # Each line: its parts, then its total.
    lines = [[*(("c", i, j) for j in range(n_cols)), ("r", i)] for i in range(n_rows)]
    lines += [[*(("c", i, j) for i in range(n_rows)), ("k", j)] for j in range(n_cols)]
    lines.append([*(("r", i) for i in range(n_rows)), ("g",)])
    lines.append([*(("k", j) for j in range(n_cols)), ("g",)])

    hidden = {key for key, count in value.items() if rules.is_small(count)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if not _line_needs_more(line, value, hidden):
                continue
            candidates = sorted(
                (index == len(line) - 1, value[key], index)
                for index, key in enumerate(line)
                if value[key] > 0 and key not in hidden
            )
            if candidates:
                hidden.add(line[candidates[0][2]])
                changed = True
    cells = {(key[1], key[2]) for key in hidden if key[0] == "c"}
    rows = {key[1] for key in hidden if key[0] == "r"}
    cols = {key[1] for key in hidden if key[0] == "k"}
    return cells, rows, cols, ("g",) in hidden


def _line_needs_more(line: list, value: dict, hidden: set) -> bool:
    if sum(1 for key in line if key in hidden) == 1:
        return True
    *parts, total = line
    return total not in hidden and rules.is_small(sum(value[k] for k in parts if k in hidden))


def _cell(count: int, hidden: bool) -> Cell:
    return Cell(count, rules.SMALL_LABEL if hidden else str(count), hidden)


def theme_month_counts(
    tenant: Tenant, year: SchoolYear
) -> dict[tuple[int | None, datetime.date], int]:
    """Contacts per (theme id, month) in a school year, one grouped query; a contact with two
    themes counts under both, one without under ``None``."""
    rows = (
        Contact.objects.filter(
            tenant=tenant, received_on__gte=year.first_day, received_on__lte=year.last_day
        )
        .annotate(month=TruncMonth("received_on"))
        .values("month", "themes")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {(r["themes"], _as_date(r["month"])): r["n"] for r in rows}


def overview_table(*, tenant: Tenant, school_year: int, suppress: bool) -> ThemeMonthTable:
    year = SchoolYear(school_year)
    months = months_of(year)
    counts = theme_month_counts(tenant, year)
    contacts = Contact.objects.filter(
        tenant=tenant, received_on__gte=year.first_day, received_on__lte=year.last_day
    ).count()
    used = {theme_id for theme_id, _ in counts}
    themes = [t for t in Theme.objects.filter(tenant=tenant) if t.is_active or t.pk in used]
    keys: list[tuple[int | None, str]] = [(t.pk, t.name) for t in themes]
    if None in used:
        keys.append((None, NO_THEME))
    grid = [[counts.get((key, m), 0) for m in months] for key, _ in keys]
    hidden, row_hidden, col_hidden, grand_hidden = protect_table(grid, suppress=suppress)

    rows = []
    for i, (key, label) in enumerate(keys):
        colour = NO_THEME_COLOUR if key is None else PALETTE[i % len(PALETTE)]
        rows.append(
            Line(
                key=str(key or "geen"),
                label=label,
                colour=colour,
                cells=[_cell(grid[i][j], (i, j) in hidden) for j in range(len(months))],
                total=_cell(sum(grid[i]), i in row_hidden),
            )
        )
    col_totals = [sum(grid[i][j] for i in range(len(keys))) for j in range(len(months))]
    totals = Line(
        key="totaal",
        label="Totaal",
        colour="",
        cells=[_cell(col_totals[j], j in col_hidden) for j in range(len(months))],
        total=_cell(sum(col_totals), grand_hidden),
    )
    table = ThemeMonthTable(
        school_year=school_year,
        months=months,
        rows=rows,
        totals=totals,
        # With the grand total hidden, the number of contacts would give it back: not shown.
        contacts="" if grand_hidden else rules.shown(contacts, suppress=suppress),
        suppress=suppress,
        any_hidden=bool(hidden or row_hidden or col_hidden or grand_hidden),
    )
    table.chart = stacked_chart(table)
    return table


CHART_W, CHART_H = 640, 300
PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM = 36, 24, 250


def _fmt(value: float) -> str:
    return f"{value:.1f}"  # SVG coordinates: never localised


def stacked_chart(table: ThemeMonthTable) -> dict:
    """A stacked bar per month of the cells the table shows. Hidden cells are not drawn one by
    one: where the month's total is shown, they are one hatched block on top (their sum, which
    the table gives already: the total minus the cells shown); where it is hidden too, the month
    is hatched below its bar. So the chart gives back nothing the table hides."""
    n = len(table.months)
    plot_w = CHART_W - PLOT_LEFT - 8
    slot = plot_w / n
    bar_w = slot * 0.6
    visible = [sum(r.cells[j].count for r in table.rows if not r.cells[j].hidden) for j in range(n)]
    drawn = [
        visible[j] if table.totals.cells[j].hidden else table.totals.cells[j].count
        for j in range(n)
    ]
    top = max([*drawn, 1])
    # A round top for the axis: five steps of 1, 2, 5, 10, 20, 25, 50, … contacts.
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if step * 5 >= top:
            break
    top = max(step * 5, top)
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    columns = []
    for j, month in enumerate(table.months):
        x = PLOT_LEFT + j * slot + (slot - bar_w) / 2
        y = float(PLOT_BOTTOM)
        bars = []
        for row in table.rows:
            cell = row.cells[j]
            if cell.hidden or cell.count == 0:
                continue
            h = cell.count * scale
            y -= h
            bars.append(
                Bar(
                    _fmt(x),
                    _fmt(y),
                    _fmt(h),
                    row.colour,
                    f"{row.label}, {month_name(month)}: {cell.label}",
                )
            )
        rest = drawn[j] - visible[j]
        if rest > 0:
            h = rest * scale
            y -= h
            bars.append(
                Bar(
                    _fmt(x),
                    _fmt(y),
                    _fmt(h),
                    "url(#verborgen)",
                    f"{month_name(month)}: {rest} samen bij thema's met 1 tot 4 (niet per thema)",
                )
            )
        columns.append(
            Column(
                x=_fmt(x),
                label_x=_fmt(x + bar_w / 2),
                label=month_short(month),
                total=table.totals.cells[j].label,
                total_y=_fmt(y - 4),
                bars=bars,
                has_hidden=table.totals.cells[j].hidden
                and any(r.cells[j].hidden for r in table.rows),
            )
        )
    ticks = [{"y": _fmt(PLOT_BOTTOM - v * scale), "label": str(v)} for v in range(0, top + 1, step)]
    return {
        "width": CHART_W,
        "height": CHART_H,
        "bar_width": _fmt(bar_w),
        "left": PLOT_LEFT,
        "right": CHART_W - 8,
        "bottom": PLOT_BOTTOM,
        "columns": columns,
        "ticks": ticks,
        "label_y": PLOT_BOTTOM + 18,
        "hatch_y": PLOT_BOTTOM + 26,
        # Only the themes the chart draws in their own colour.
        "legend": [r for r in table.rows if any(c.count and not c.hidden for c in r.cells)],
    }


# --- The overview: open follow-ups and the links ------------------------------------------------


@dataclass
class FollowUp:
    contact: Contact
    overdue: bool
    url: str


def open_follow_ups(*, tenant: Tenant, today: datetime.date | None = None) -> list[FollowUp]:
    """Open contacts that need a follow-up, the earliest due date first (one query)."""
    today = today or timezone.localdate()
    found = (
        Contact.objects.filter(tenant=tenant, closed_on__isnull=True, follow_up_needed=True)
        .select_related("school")
        .order_by(F("follow_up_by").asc(nulls_last=True), "received_on", "pk")
    )
    return [
        FollowUp(
            contact=c,
            overdue=rules.follow_up_overdue(
                needed=c.follow_up_needed, by=c.follow_up_by, closed_on=c.closed_on, today=today
            ),
            url=page_url("steunpunt:contact_detail", tenant_code=tenant.code, contact_id=c.pk),
        )
        for c in found
    ]


PAGES = (
    ("steunpunt:contact_list", HANDLE, "Contacten", "Alle contacten, vastleggen en afsluiten."),
    ("steunpunt:trend_list", VIEW_TRENDS, "Trends", "Wat signalen gemeen hebben en wat we doen."),
    (
        "steunpunt:feedback_list",
        VIEW_FEEDBACK,
        "Terugkoppeling",
        "Wat elk schooljaar aan de scholen is teruggekoppeld.",
    ),
    ("steunpunt:export", HANDLE, "Exporteren", "Contacten en trends als Excel-bestand."),
    ("steunpunt:settings", CHANGE_SETTINGS, "Instellingen", "Thema's, bewaartermijn, formulier."),
)


def page_links(*, membership: Membership, tenant: Tenant) -> list[dict]:
    """The steunpunt's other pages this member may open."""
    return [
        {"url": page_url(name, tenant_code=tenant.code), "label": label, "hint": hint}
        for name, capability, label, hint in PAGES
        if can(membership, capability)
    ]


# --- Trends: the list and one trend --------------------------------------------------------------


def trends_with_counts(*, membership: Membership) -> QuerySet[Trend]:
    """The trends this member may read, each with its number of signals and its first and last
    seen (the earliest and latest signal, else the date it was signalled)."""
    return (
        trend_list(membership=membership)
        .annotate(
            signal_count=Count("signals", distinct=True),
            first_seen=Coalesce(Min("signals__received_on"), F("signalled_on")),
            last_seen=Coalesce(Max("signals__received_on"), F("signalled_on")),
        )
        .order_by("-signalled_on", "title", "pk")
    )


def _parts(rows: Iterable[tuple[str, int]], *, suppress: bool) -> list[tuple[str, str]]:
    rows = list(rows)
    labels = rules.protect_parts({key: n for key, n in rows}, suppress=suppress)
    return [(key, labels[key]) for key, _ in rows]


def trend_counts(*, trend: Trend, suppress: bool) -> dict:
    """A trend's signals per theme and per month (two grouped queries), small ones as "<5"."""
    signals = Contact.objects.filter(trend=trend)
    by_theme = signals.values("themes", "themes__name").annotate(n=Count("pk", distinct=True))
    theme_rows = sorted(
        ((r["themes__name"] or NO_THEME, r["n"]) for r in by_theme.order_by()),
        key=lambda row: (row[0] == NO_THEME, row[0]),
    )
    by_month = (
        signals.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    month_rows = [(month_name(_as_date(r["month"])), r["n"]) for r in by_month]
    total = sum(n for _, n in month_rows)
    month_labels = _parts(month_rows, suppress=suppress)
    # The total beside its months: one hidden month would be the total minus the others.
    hidden_months = sum(1 for _, label in month_labels if label == rules.SMALL_LABEL)
    total_label = rules.shown(total, suppress=suppress)
    return {
        "themes": _parts(theme_rows, suppress=suppress),
        "months": month_labels,
        "total": total_label,
        "any_hidden": suppress and (hidden_months > 0 or rules.is_small(total)),
    }


def trend_signals(*, trend: Trend) -> QuerySet[Contact]:
    """The trend's signals for staff (no free text is shown of them)."""
    return (
        Contact.objects.filter(trend=trend)
        .select_related("school")
        .prefetch_related("themes")
        .order_by("-received_on", "-pk")
    )


def signal_candidates(*, tenant: Tenant, today: datetime.date | None = None) -> QuerySet[Contact]:
    """Signals without a trend that are open or of the last year: what may be added."""
    today = today or timezone.localdate()
    return (
        Contact.objects.filter(tenant=tenant, is_signal=True, trend__isnull=True)
        .filter(Q(closed_on__isnull=True) | Q(received_on__gte=today - datetime.timedelta(365)))
        .prefetch_related("themes")
        .order_by("-received_on", "-pk")
    )


# --- Trends: the rules for changing them ---------------------------------------------------------

ACTION_NEEDED = (TrendStatus.ACTION, TrendStatus.CLOSED)
STALE = (
    "Deze trend is intussen gewijzigd door iemand anders. Uw wijzigingen zijn niet opgeslagen. "
    "Laad de pagina opnieuw en voer ze nog eens in."
)


def trend_problems(data: Mapping, *, today: datetime.date | None = None) -> dict[str, str]:
    """What is wrong with a trend's fields, per field, in Dutch (empty: nothing)."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    status = data.get("status")
    signalled_on, closed_on = data.get("signalled_on"), data.get("closed_on")
    if status in ACTION_NEEDED and not (data.get("action_taken") or "").strip():
        problems["action_taken"] = (
            "Beschrijf welke actie is ondernomen. Dat is verplicht bij de status "
            f"'{TrendStatus(status).label}'."
        )
    if signalled_on and signalled_on > today:
        problems["signalled_on"] = "De datum van signaleren ligt in de toekomst."
    if status == TrendStatus.CLOSED and not closed_on:
        problems["closed_on"] = "Vul in wanneer de trend is afgesloten."
    elif closed_on and status != TrendStatus.CLOSED:
        problems["closed_on"] = (
            "Vul alleen een datum van afsluiten in als de status 'Afgesloten' is."
        )
    elif closed_on and closed_on > today:
        problems["closed_on"] = "De datum van afsluiten ligt in de toekomst."
    elif closed_on and signalled_on and closed_on < signalled_on:
        problems["closed_on"] = "Een trend sluit niet af vóór de datum waarop hij is gesignaleerd."
    return problems


FIELDS = ("title", "description", "status", "action_taken", "signalled_on", "closed_on")


def _check(data: Mapping) -> None:
    problems = trend_problems(data)
    if problems:
        raise ValidationError(problems)


def _themes_of(tenant_id: int, themes: Iterable[Theme]) -> list[Theme]:
    return [t for t in themes if t.tenant_id == tenant_id]


@transaction.atomic
def trend_create(*, tenant: Tenant, data: Mapping, themes: Iterable[Theme] = (), by=None) -> Trend:
    _check(data)
    trend = Trend(tenant=tenant, created_by=by, **{k: data.get(k) for k in FIELDS if k in data})
    trend.description = trend.description or ""
    trend.action_taken = trend.action_taken or ""
    trend.full_clean(exclude=["themes"])
    trend.save()
    trend.themes.set(_themes_of(tenant.pk, themes))
    return trend


@transaction.atomic
def trend_update(
    *,
    trend: Trend,
    data: Mapping,
    themes: Iterable[Theme] = (),
    revision: int | None = None,
    by=None,
) -> Trend:
    """Change a trend; refused when someone else changed it since ``revision`` was read."""
    current = Trend.objects.select_for_update().get(pk=trend.pk)
    if revision is not None and current.revision != revision:
        raise ValidationError(STALE)
    _check(data)
    for name in FIELDS:
        if name in data:
            setattr(current, name, data[name] if data[name] is not None else _empty(name))
    current.full_clean(exclude=["themes"])
    current.revision += 1
    current.save()
    current.themes.set(_themes_of(current.tenant_id, themes))
    return current


def _empty(name: str):
    return None if name in ("closed_on", "signalled_on") else ""


@transaction.atomic
def trend_signal_add(*, trend: Trend, contact: Contact) -> Contact:
    """Make ``contact`` a signal of ``trend``. Refused for another tenant's contact or one that
    belongs to another trend already."""
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if current.tenant_id != trend.tenant_id:
        raise ValidationError("Dit contact hoort niet bij dit samenwerkingsverband.")
    if current.trend_id == trend.pk:
        return current
    if current.trend_id is not None:
        raise ValidationError("Dit signaal hoort al bij een andere trend.")
    current.is_signal = True
    current.trend = trend
    current.revision += 1
    current.save(update_fields=["is_signal", "trend", "revision", "updated_at"])
    return current


@transaction.atomic
def trend_signal_remove(*, trend: Trend, contact: Contact) -> Contact:
    """Take ``contact`` out of ``trend``; it stays a signal (it may join another trend)."""
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if current.trend_id != trend.pk:
        raise ValidationError("Dit signaal hoort niet (meer) bij deze trend.")
    current.trend = None
    current.revision += 1
    current.save(update_fields=["trend", "revision", "updated_at"])
    return current
