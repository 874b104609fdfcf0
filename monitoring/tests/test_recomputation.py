"""Issue #10, item 4, acceptance: nothing the small-count rule hides can be worked out from what
toezicht and inspectie see.

For the demo data and for a tenant built to have many small groups, the test reads, as toezicht
and as inspectie, the dashboard and every indicator page on every peildatum, the XLSX and JSON
exports and the monitoring PDF (its text, through pypdf). It collects every number they show
per figure (a snapshot) and then works out what it can, as a reader would: a percentage times
its records gives the teller, a total minus the other parts gives the missing part (repeated
until nothing more comes out), the tenant's figure minus the other schools gives a school. Every
count of 1 to 4 behind a figure, known from the data as the bestuurder sees it, must stay
unknown, and the status of a figure that is not shown must be hidden too.
"""

from __future__ import annotations

import datetime
import io
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from monitoring.disclosure import HIDDEN, HIDDEN_STATUS
from monitoring.models import Indicator, Measurement, Source, Unit
from monitoring.pdf import monitoring_document
from referrals.models import AbsenceKind, AbsenceRegistration, Outcome
from referrals.tests.factories import days_ago, make_absence, make_closed_absence, make_opp
from swvportal.core.calculations import CALCULATIONS
from swvportal.tenancy.models import School, SchoolKind
from swvportal.tenancy.tests.factories import SchoolFactory

ROLES = ("toezicht", "inspectie")
DERIVED: dict = {}  # how each cell was worked out, for the failure message
Key = int  # a Measurement's pk: every number seen is about one snapshot


# --- The data --------------------------------------------------------------------------------


def _demo(tenant) -> None:
    from monitoring.demo import seed_monitoring
    from plans.demo import seed_plan
    from referrals.demo import seed_registrations
    from swvportal.tenancy.demo import seed_schools

    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_plan(tenant)
        seed_registrations(tenant)
        seed_monitoring(tenant)


def _small_groups(tenant) -> None:
    """Twelve schools with 0 to 6 records of every kind, one OPDC, and two peildata."""
    from monitoring.services import catalogue_load, indicators_compute
    from plans.demo import seed_plan

    rng = random.Random(10)
    with scopes_disabled():
        schools = SchoolFactory.create_batch(11, tenant=tenant)
        schools.append(SchoolFactory(tenant=tenant, kind=SchoolKind.OPDC))
    with scope(tenant=tenant):
        plan = seed_plan(tenant)
        for school in schools:
            _school_records(school, rng)
        document = json.loads(_catalogue().read_text(encoding="utf-8"))
        catalogue_load(tenant=tenant, document=document, plan=plan)
        for day in (days_ago(61), days_ago(0)):
            indicators_compute(tenant=tenant, peildatum=day)


def _catalogue():
    from monitoring.demo import CATALOGUE

    return CATALOGUE


def _school_records(school: School, rng: random.Random) -> None:
    def some() -> int:
        return rng.choice([0, 0, 1, 2, 3, 4, 5, 6])

    for _ in range(some()):
        make_absence(school, kind=AbsenceKind.ABSOLUTE, start_date=days_ago(rng.randint(40, 300)))
    for _ in range(some()):
        make_absence(school, kind=AbsenceKind.RELATIVE, start_date=days_ago(rng.randint(30, 90)))
    for _ in range(some()):
        make_absence(school, kind=AbsenceKind.RELATIVE, start_date=days_ago(rng.randint(1, 20)))
    for _ in range(some()):
        make_absence(school, kind=AbsenceKind.EXEMPTION, start_date=days_ago(100))
    for _ in range(some()):
        make_absence(school, kind=AbsenceKind.ALLOWED, start_date=days_ago(80))
    for _ in range(some()):
        registration = make_closed_absence(
            school,
            start_date=days_ago(200),
            end_date=days_ago(rng.randint(2, 150)),
            outcome=rng.choice([o for o in Outcome.values if o != Outcome.NONE]),
        )
        if rng.random() < 0.5:  # incomplete afterwards: for the completeness figure
            AbsenceRegistration.objects.filter(pk=registration.pk).update(plan="")
    for _ in range(some() + some()):
        heard = {} if rng.random() < 0.85 else {"heard_on": None, "heard_how": "", "pupil_view": ""}
        make_opp(
            school,
            signed_on=None if rng.random() < 0.2 else days_ago(38),
            placement_date=days_ago(60) if rng.random() < 0.8 else days_ago(30),
            **heard,
        )


# --- Reading the pages -------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table row as a list of cells: (text, first href in the cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str]]] = []
        self._cell: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._href = [], ""
        elif tag == "a" and self._cell is not None and not self._href:
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append((" ".join("".join(self._cell).split()), self._href))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str) -> list[list[tuple[str, str]]]:
    parser = _Tables()
    parser.feed(html)
    return [row for row in parser.rows if row]


def _number(label: str) -> Decimal | None:
    """ "1.234" → 1234, "92,6%" → 92.6; anything else (hidden, no data, text) → None."""
    label = label.strip().removesuffix("%")
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?", label):
        return None
    return Decimal(label.replace(".", "").replace(",", "."))


@dataclass
class Seen:
    """What the reader saw of one snapshot: numbers by cell, and the statuses printed for it."""

    numbers: dict[Key, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    statuses: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))

    def value(self, key: Key, label: str, status: str | None = None) -> None:
        self.labels[key].add(label)
        if (found := _number(label)) is not None:
            self.numbers[key]["value"] = found
        if status is not None:
            self.statuses[key].add(status)

    def cell(self, key: Key, name: str, label: str) -> None:
        if (found := _number(label)) is not None:
            self.numbers[key][name] = found


class Data:
    """The figures as the bestuurder sees them, straight from the database."""

    def __init__(self, tenant) -> None:
        with scopes_disabled():
            # Only figures from pupil records are hidden (``counts_pupils``): a count of
            # meetings or a share of schools is shown as it is, small or not.
            self.indicators = {
                i.pk: i
                for i in Indicator.objects.filter(tenant=tenant, source=Source.COMPUTED)
                if i.counts_pupils
            }
            snapshots = list(
                Measurement.objects.filter(
                    tenant=tenant, provisional=False, indicator__in=list(self.indicators)
                ).order_by("peildatum", "computed_at", "pk")
            )
            self.schools = {s.name: s.pk for s in School.objects.filter(tenant=tenant)}
        self.by_pk = {m.pk: m for m in snapshots}
        self.newest: dict[tuple[int, datetime.date, int | None], Measurement] = {}
        for m in snapshots:
            self.newest[(m.indicator_id, m.peildatum, m.school_id)] = m
        self.tenant_history = defaultdict(list)  # indicator → tenant snapshots, oldest first
        for m in snapshots:
            if m.school_id is None:
                self.tenant_history[m.indicator_id].append(m)
        self.dates = sorted({m.peildatum for m in snapshots}, reverse=True)

    def figure(self, indicator_id: int, day: datetime.date, school: int | None = None) -> Key:
        return self.newest[(indicator_id, day, school)].pk

    def shown_on(self, indicator_id: int, day: datetime.date) -> Measurement | None:
        """The tenant figure a page of peildatum ``day`` shows: the newest on or before it."""
        found = [m for m in self.tenant_history[indicator_id] if m.peildatum <= day]
        return self.newest[(indicator_id, found[-1].peildatum, None)] if found else None


def _date(label: str) -> datetime.date:
    return datetime.datetime.strptime(label[:10], "%d-%m-%Y").date()


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip


def _long_date(label: str) -> datetime.date:
    """ "1 oktober 2025" → 2025-10-01 (the page's "j F Y" in Dutch)."""
    day, month, year = label.split()
    return datetime.date(int(year), MONTHS.index(month) + 1, int(day))


def _indicator_id(href: str) -> int | None:
    found = re.search(r"/indicatoren/(\d+)/", href)
    return int(found.group(1)) if found else None


def _read_dashboard(html: str, day: datetime.date, data: Data, seen: Seen) -> None:
    for row in _rows(html):
        indicator_id = _indicator_id(row[0][1])
        if indicator_id in data.indicators and len(row) == 7:
            m = data.shown_on(indicator_id, day)
            if m is not None:
                seen.value(m.pk, row[2][0], row[3][0])
                seen.cell(m.pk, "records", row[5][0])
    history = html.split("Laatste metingen per indicator")
    for part in history[1:]:
        for row in _rows(part.split("</table>")[0]):
            by_text = [i for i in data.indicators.values() if i.text == row[0][0]]
            if len(row) != 2 or len(by_text) != 1:
                continue
            for point in row[1][0].split("; "):
                if re.match(r"\d\d-\d\d-\d{4}: ", point):
                    m = data.newest.get((by_text[0].pk, _date(point), None))
                    if m is not None:
                        seen.value(m.pk, point[12:])


def _read_detail(html: str, indicator_id: int, data: Data, seen: Seen) -> None:
    stand = html.split('id="stand"')[1].split("</section>")[0]
    big = re.search(r'<p class="metric-big">(.*?) <span class="metric-status[^"]*">(.*?)</span>',
                    stand, re.S)  # fmt: skip
    day = re.search(r"Stand op (\d+ \w+ \d{4})", stand)  # the figure's own peildatum
    history = list(reversed(data.tenant_history[indicator_id]))
    verloop = _rows(html.split('id="verloop"')[1].split("</section>")[0])[1:]
    assert len(verloop) == len(history) or not history
    for row, m in zip(verloop, history, strict=False):
        assert _date(row[0][0]) == m.peildatum
        seen.value(m.pk, row[1][0], row[2][0])
        seen.cell(m.pk, "records", row[3][0])
    if day is None:
        return
    on = _long_date(day.group(1))
    current = data.newest[(indicator_id, on, None)]
    seen.value(current.pk, big.group(1), big.group(2))
    for row in _rows(stand):
        if len(row) == 2:
            seen.cell(current.pk, _detail_cell(current.details, row[0][0]), row[1][0])
    if 'id="per-school"' in html:
        for row in _rows(html.split('id="per-school"')[1])[1:]:
            school = data.schools[row[0][0]]
            m = data.newest.get((indicator_id, current.peildatum, school))
            if m is not None:
                seen.value(m.pk, row[1][0], row[2][0])
                seen.cell(m.pk, "records", row[3][0])


def _detail_cell(details: dict[str, Any], label: str) -> str:
    """The cell name of a row of the Uitsplitsing, by the labels ``display`` prints."""
    from monitoring.display import DETAIL_LABELS

    def walk(prefix: str, path: str, found: dict[str, Any]):
        for key, value in found.items():
            text = DETAIL_LABELS.get(key, key.replace("_", " "))
            text = f"{prefix} · {text}" if prefix else text
            name = f"{path}.{key}" if path else key
            if isinstance(value, dict):
                yield from walk(text, name, value)
            else:
                yield text, name

    return dict(walk("", "", details)).get(label, label)


def _read_table_export(rows: list[tuple], day: datetime.date, data: Data, seen: Seen) -> None:
    texts = {i.text: i.pk for i in data.indicators.values()}
    for row in rows[1:]:
        if row[2] in texts and row[7]:
            m = data.newest[(texts[row[2]], datetime.date.fromisoformat(row[7]), None)]
            seen.value(m.pk, str(row[4]), str(row[5]))
            seen.cell(m.pk, "records", str(row[6]))


def _read_json(document: dict, data: Data, seen: Seen) -> None:
    texts = {i.text: i.pk for i in data.indicators.values()}
    for row in document["indicatoren"]:
        if row["kernindicator"] in texts and row["gemeten_op"]:
            m = data.newest[(texts[row["kernindicator"]], _iso(row["gemeten_op"]), None)]
            seen.statuses[m.pk].add(row["status"])
            if row["waarde"] is not None:
                seen.numbers[m.pk]["value"] = Decimal(str(row["waarde"]))
            if row["records"] is not None:
                seen.numbers[m.pk]["records"] = Decimal(row["records"])


def _iso(raw: str) -> datetime.date:
    return datetime.date.fromisoformat(raw)


# --- Working things out, as a reader would -----------------------------------------------------


def _cells(indicator: Indicator, m: Measurement) -> dict[str, int]:
    """Every count behind a snapshot, as the bestuurder knows it."""
    details = m.details or {}
    if indicator.unit == Unit.PERCENT:
        teller, noemer = details["teller"], details["noemer"]
        return {"teller": teller, "rest": noemer - teller, "records": noemer, "noemer": noemer}
    found = {"value": int(m.value or 0), "records": m.records}
    for key, value in details.items():
        if isinstance(value, dict):
            found |= {f"{key}.{k}": v for k, v in value.items()}
        elif isinstance(value, int):
            found[key] = value
    return found


def _relations(indicator: Indicator, m: Measurement, cells: dict[str, int]):
    """(total, parts) within one snapshot; ``m.school`` set: only what a school row shows."""
    if indicator.unit == Unit.PERCENT:
        return [("noemer", ("teller", "rest")), ("records", ("teller", "rest"))]
    kinds = tuple(k for k in cells if k.startswith("per_soort."))
    outcomes = tuple(k for k in cells if k.startswith("per_uitkomst."))
    apart = tuple(
        k for k in ("vrijstellingen", "geoorloofd", "relatief_korter_dan_4_weken") if k in cells
    )
    found = []
    if kinds:
        found += [("value", kinds), ("records", ("value", *apart))]
    if outcomes:
        found += [("value", outcomes), ("records", ("value",))]
    return found


def _known(data: Data, seen: Seen, tenant_pk: Key) -> dict[tuple[Key, str], Decimal]:
    """Every count of the tenant snapshot and its schools' snapshots the reader can work out."""
    tenant = data.by_pk[tenant_pk]
    indicator = data.indicators[tenant.indicator_id]
    schools = [
        m for (i, d, s), m in data.newest.items()
        if i == tenant.indicator_id and d == tenant.peildatum and s is not None
    ]  # fmt: skip
    if data.newest[(tenant.indicator_id, tenant.peildatum, None)].pk != tenant_pk:
        schools = []  # an earlier figure of the day: its schools are not on any page
    DERIVED.clear()
    known: dict[tuple[Key, str], Decimal] = {}
    relations: list[tuple[tuple[Key, str], tuple[tuple[Key, str], ...]]] = []
    for m in [tenant, *schools]:
        numbers = dict(seen.numbers.get(m.pk, {}))
        if indicator.unit == Unit.PERCENT:
            if "value" in numbers and "records" in numbers:  # percentage × records
                teller = (numbers["value"] * numbers["records"] / 100).to_integral_value()
                numbers |= {"teller": teller, "rest": numbers["records"] - teller}
            numbers.pop("value", None)
            if "records" in numbers:
                numbers["noemer"] = numbers["records"]
        elif "per_uitkomst" in (m.details or {}) and "value" in numbers:
            numbers["records"] = numbers["value"]
        known |= {(m.pk, name): value for name, value in numbers.items()}
        cells = _cells(indicator, m)
        for total, parts in _relations(indicator, m, cells):
            relations.append(((m.pk, total), tuple((m.pk, p) for p in parts)))
    names = _cells(indicator, tenant)
    for name in names:  # the tenant's cell is the sum of the schools' cells
        parts = tuple((s.pk, name) for s in schools if name in _cells(indicator, s))
        if parts:
            relations.append(((tenant.pk, name), parts))
    changed = True
    while changed:  # total minus the other parts, parts added up: until nothing more comes out
        changed = False
        for total, parts in relations:
            unknown = [c for c in (total, *parts) if c not in known]
            if len(unknown) != 1:
                continue
            if unknown[0] == total:
                known[total] = sum(known[p] for p in parts)
            else:
                known[unknown[0]] = known[total] - sum(known[p] for p in parts if p in known)
            DERIVED[unknown[0]] = (total, parts, {c: known.get(c) for c in (total, *parts)})
            changed = True
    return known


def _small(data: Data, key: Key) -> dict[str, int]:
    m = data.by_pk[key]
    indicator = data.indicators[m.indicator_id]
    cells = _cells(indicator, m)
    if m.school_id is not None:  # a school's row shows its value and records only
        keep = {"teller", "rest", "records", "noemer"} if indicator.unit == Unit.PERCENT else {
            "value", "records"}  # fmt: skip
        cells = {k: v for k, v in cells.items() if k in keep}
    return {name: v for name, v in cells.items() if 1 <= v <= 4}


def _small_label(indicator: Indicator) -> str:
    """A calculation's own words for a count of 1 to 4 ("<5" for the steunpunt's contacts)."""
    found = CALCULATIONS.get(indicator.calculation)
    return found.small_label if found else ""


def _check(data: Data, seen: Seen) -> int:
    """Assert nothing small is known; return how many small counts were checked."""
    checked = 0
    tenant_keys = [m.pk for m in data.by_pk.values() if m.school_id is None]
    for tenant_pk in tenant_keys:
        known = _known(data, seen, tenant_pk)
        keys = {k for k, _ in known} | {tenant_pk}
        for key in keys | {
            m.pk for m in data.by_pk.values()
            if m.school_id and data.newest.get((m.indicator_id, m.peildatum, m.school_id)) == m
            and m.indicator_id == data.by_pk[tenant_pk].indicator_id
            and m.peildatum == data.by_pk[tenant_pk].peildatum
        }:  # fmt: skip
            m = data.by_pk[key]
            for name, count in _small(data, key).items():
                checked += 1
                assert (key, name) not in known, DERIVED.get((key, name)) or (
                    f"{data.indicators[m.indicator_id].text} op {m.peildatum} "
                    f"(school {m.school_id}): {name} = {count} is af te leiden"
                )
            if _small(data, key).keys() & {"value", "teller", "rest"}:
                # the figure itself rests on 1 to 4: its value and its status are hidden
                assert seen.statuses.get(key, set()) <= {HIDDEN_STATUS}, (key, seen.statuses[key])
                hidden = {HIDDEN, _small_label(data.indicators[m.indicator_id])} - {""}
                assert seen.labels.get(key, set()) <= hidden, (key, seen.labels[key])
    return checked


# --- The test ----------------------------------------------------------------------------------


def _url(name: str, code: str, **kwargs) -> str:
    return reverse(f"monitoring:{name}", kwargs={"tenant_code": code, **kwargs})


def _read_everything(client, tenant, data: Data, tmp_path) -> Seen:
    seen = Seen()
    code = tenant.code
    for day in data.dates:
        query = {"peildatum": day.isoformat()}
        page = client.get(_url("dashboard", code), query)
        assert page.status_code == 200
        _read_dashboard(page.content.decode(), day, data, seen)
        export = client.get(_url("dashboard_export", code), query)
        sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
        _read_table_export(list(sheet.values), day, data, seen)
        out = tmp_path / f"{code}-{day}.json"
        call_command("export_dashboard", "--tenant", code, "--peildatum", day.isoformat(),
                     "--format", "json", "--out", str(out))  # fmt: skip
        _read_json(json.loads(out.read_text()), data, seen)
        for indicator_id in data.indicators:
            url = _url("indicator_detail", code, indicator_id=indicator_id)
            detail = client.get(url, query)
            assert detail.status_code == 200
            _read_detail(detail.content.decode(), indicator_id, data, seen)
    return seen


def _check_pdf(tenant, data: Data) -> None:
    """The report of the newest peildatum: no small figure among its numbers, no status of one."""
    from monitoring.display import number

    day = data.dates[0]
    pdf = monitoring_document(tenant, day).render()
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    for indicator in data.indicators.values():
        start = text.find(f"{indicator.text} Norm: {indicator.norm_text}")
        assert start >= 0
        block = text[start:][:900]
        for m in data.tenant_history[indicator.pk]:
            small = _small(data, m.pk).keys() & {"value", "teller", "rest"}
            if small and m.value is not None and m.peildatum <= day:
                label = number(m.value) + ("%" if indicator.unit == Unit.PERCENT else "")
                shown = re.escape(f"{m.peildatum:%d-%m-%Y} {label}") + r"(?![\d,%])"
                assert not re.search(shown, block), (indicator.text, m.peildatum, label)


@pytest.mark.parametrize("build", [_demo, _small_groups], ids=["demo", "kleine-groepen"])
def test_no_hidden_figure_can_be_worked_out_from_what_toezicht_and_inspectie_see(
    world, login, build, tmp_path
):
    tenant = world.tenant_a
    build(tenant)
    data = Data(tenant)
    assert data.indicators and data.dates
    for role in ROLES:
        seen = _read_everything(login(world.user(role)), tenant, data, tmp_path)
        assert seen.numbers  # the pages show figures, just not the small ones
        assert _check(data, seen) > 10  # there were small counts to protect
    _check_pdf(tenant, data)


def test_the_check_finds_what_the_old_pages_gave_away(world):
    """The reader's arithmetic itself: 92,6% of 27 gives 25 signed and 2 not."""
    tenant = world.tenant_a
    with scopes_disabled():
        indicator = Indicator.objects.create(
            tenant=tenant, pillar_number=1, text="OPP's ondertekend", norm_text="≥ 95%",
            norm_kind="percentage", norm_minimum=95, frequency="jaarlijks", source="berekend",
            calculation="opp_ondertekend", unit="%",
        )  # fmt: skip
        m = Measurement.objects.create(
            tenant=tenant, indicator=indicator, peildatum=datetime.date(2026, 10, 1),
            value=Decimal("92.6"), records=27, details={"teller": 25, "noemer": 27},
            status="niet behaald", computed_at=timezone.now(),
        )  # fmt: skip
    data = Data(tenant)
    seen = Seen()
    seen.value(m.pk, "92,6%", "niet behaald")
    seen.cell(m.pk, "records", "27")
    with pytest.raises(AssertionError, match="rest = 2 is af te leiden"):
        _check(data, seen)
