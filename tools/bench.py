"""Time the monitoring on scale data and print one JSON document (``make bench``).

Not part of the application and not a test: a developer tool that measures, in one run,

1. **recompute**: the seven computed calculations (``swvportal.core.calculations``) for one
   scale tenant on the peildatum 1-10-2026, each next to a hand-written SQL aggregate over the
   same rows (the median of ``--runs`` runs, the ratio, and whether both give the same figure);
   then the same for every scale tenant, against one hand-written query per calculation over all
   of them; and ``monitoring.services.indicators_compute`` (calculations plus snapshots);
2. **dashboard**: a real server (gunicorn, as in production) on a free port against the same
   database; ``--clients`` threads request the dashboard ``/<code>/monitoring/`` as a logged-in
   bestuurder, then the baseline, the schools list of a tenant with 200 schools rendered as one
   200-row table; p50/p95 and the ratio dashboard p50 / baseline p50;
3. **queries**: the number of SQL queries of the dashboard, an indicator page and the baseline;
4. **pdf**: the OSP of the scale tenant's plan (``plans.pdf.osp_document``) rendered ``--pdf-runs``
   times (the median of ``source.render()``), its page count (pypdf), next to WeasyPrint on a plain
   HTML document of the same number of pages (paragraphs, a page break after each page's section;
   no contents, no ``target-counter()``, no PDF/A, no embedded fonts of our own), and the ratio;
   and the monitoring report of the peildatum (``monitoring.pdf.monitoring_document``);
5. **import**: a thuiszitters file of ``--import-rows`` rows (1,000) through the importer (the
   page's form and the services' rules), dry run and commit, in rows per second next to a bare
   ``bulk_create`` of the same pupils and registrations; all rolled back. ``--import-only`` runs
   just this part (no scale data needed).

Targets are reported, not asserted: recompute within 2× the hand SQL, dashboard p50 within 2×
the baseline. The machine may be shared: the load average at the start is in the document.

Database: ``--database-url``, else ``DATABASE_URL``, else ``var/bench.sqlite3`` (so the demo
database stays as it is). It is migrated; missing scale data is generated (``--scale refsvo``:
1 tenant of 50 schools; ``national``: 150) and so is the baseline tenant, the tenant's
indicator catalogue (RefSVO's Bijlage 4) and its official figures of the earlier peildata, so
the dashboard shows a real history, and the demo plan (``plans.demo.seed_plan``) when the tenant
has none, so there is an OSP to render. Settings: ``swvportal.settings.test`` (production settings
with laptop-safe defaults and DEBUG off, and static files served without a manifest)::

    .venv/bin/python tools/bench.py --scale refsvo
    .venv/bin/python tools/bench.py --database-url postgres://postgres@127.0.0.1:5432/swv_scale
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
PEILDATUM = datetime.date(2026, 10, 1)
SETTINGS = "swvportal.settings.test"
DEFAULT_DATABASE = f"sqlite:///{PROJECT_DIR / 'var' / 'bench.sqlite3'}"
SCALE_PREFIX = "SC"
BASELINE_PREFIX = "SB"
BASELINE_SCHOOLS = 200
HISTORY_YEARS = 4  # earlier peildata with official figures, as the dashboard reads them
BENCH_EMAIL = "bench-bestuurder@schaaltest.example"
TARGET_RATIO = 2.0
PDF_RUNS = 3
# WhiteNoise warns that collectstatic has not run; the bench requests no static files.
QUIET = "ignore:No directory at:UserWarning"


def percentile(values: list[float], share: float) -> float | None:
    """The ``share``-th percentile, interpolating linearly between the nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(func: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median wall time in ms of ``runs`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), result


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return round(numerator / denominator, 2) if numerator and denominator else None


# --- Hand-written SQL, one query per calculation -----------------------------------------------

# Per calculation a query grouped by tenant and school, selecting tenant_id, school_id, teller
# and noemer (a count has teller = noemer), with the population and the teller as the
# calculation's docstring defines them. {tenants} becomes the tenant ids' placeholders; the
# values are parameters, named in the order they appear.
HAND_SQL = {
    # The same figures as the calculation: per kind, the relatief of 4 weeks or more apart, and
    # the day numbers summed for the average duration ({daynum}: the database's own form).
    "thuiszitters": (
        """SELECT a.tenant_id, a.school_id, a.kind, COUNT(*),
          SUM(CASE WHEN a.start_date <= %s THEN 1 ELSE 0 END),
          SUM({daynum}), SUM(CASE WHEN a.start_date <= %s THEN {daynum} END)
        FROM referrals_absenceregistration a
        WHERE a.tenant_id IN ({tenants}) AND a.start_date <= %s
          AND (a.end_date IS NULL OR a.end_date > %s)
        GROUP BY a.tenant_id, a.school_id, a.kind""",
        ["on_minus_28", "on_minus_28", "on", "on"],
    ),
    "volledigheid_registratie": (
        """SELECT a.tenant_id, a.school_id,
          SUM(CASE WHEN a.reason_category <> '' AND a.partners IS NOT NULL
            AND a.partners <> '[]' AND (a.plan <> '' OR a.anonymised_at IS NOT NULL)
            AND a.last_contact_date IS NOT NULL
            AND (a.kind <> 'vrijstelling' OR a.legal_ground <> ''
                 OR a.anonymised_at IS NOT NULL)
            AND (a.end_date IS NULL OR a.outcome <> '') THEN 1 ELSE 0 END),
          COUNT(*)
        FROM referrals_absenceregistration a
        WHERE a.tenant_id IN ({tenants}) AND a.start_date <= %s
          AND (a.end_date IS NULL OR a.end_date > %s)
        GROUP BY a.tenant_id, a.school_id""",
        ["on", "start"],
    ),
    "opp_ondertekend": (
        """SELECT a.tenant_id, a.school_id,
          SUM(CASE WHEN a.signed_on <= %s THEN 1 ELSE 0 END), COUNT(*)
        FROM referrals_oppregistration a
        WHERE a.tenant_id IN ({tenants}) AND a.set_on > %s AND a.set_on <= %s
        GROUP BY a.tenant_id, a.school_id""",
        ["on", "start", "on"],
    ),
    "leerlingen_gehoord": (
        """SELECT a.tenant_id, a.school_id,
          SUM(CASE WHEN a.heard_on <= %s THEN 1 ELSE 0 END), COUNT(*)
        FROM referrals_oppregistration a
        WHERE a.tenant_id IN ({tenants}) AND a.set_on > %s AND a.set_on <= %s
        GROUP BY a.tenant_id, a.school_id""",
        ["on", "start", "on"],
    ),
    "opdc_instroom_met_opp": (
        """SELECT a.tenant_id, a.school_id,
          SUM(CASE WHEN a.set_on <= a.placement_date THEN 1 ELSE 0 END), COUNT(*)
        FROM referrals_oppregistration a JOIN tenancy_school s ON s.id = a.school_id
        WHERE a.tenant_id IN ({tenants}) AND s.kind = 'opdc'
          AND a.placement_date > %s AND a.placement_date <= %s
        GROUP BY a.tenant_id, a.school_id""",
        ["start", "on"],
    ),
    "buiten_swv_met_contact": (
        """SELECT a.tenant_id, a.school_id,
          SUM(CASE WHEN a.last_contact_date > %s AND a.last_contact_date <= %s
            THEN 1 ELSE 0 END), COUNT(*)
        FROM referrals_absenceregistration a
        WHERE a.tenant_id IN ({tenants}) AND a.outcome = 'buiten_swv'
          AND a.end_date > %s AND a.end_date <= %s
        GROUP BY a.tenant_id, a.school_id""",
        ["start", "on", "start", "on"],
    ),
    "terugkeer_onderwijs": (
        """SELECT a.tenant_id, a.school_id, COUNT(*), COUNT(*), a.outcome
        FROM referrals_absenceregistration a
        WHERE a.tenant_id IN ({tenants}) AND a.end_date > %s AND a.end_date <= %s
          AND a.outcome IN ('eigen_school', 'andere_school', 'opdc', 'vso', 'mbo', 'buiten_swv')
        GROUP BY a.tenant_id, a.school_id, a.outcome""",
        ["start", "on"],
    ),
}


def hand_sql(name: str, tenant_ids: list[int], on: datetime.date) -> dict[int, tuple[int, int]]:
    """Run the hand query of ``name``; per tenant the summed (teller, noemer)."""
    from django.db import connection

    sql, names = HAND_SQL[name]
    values = {
        "on": on,
        "start": on - datetime.timedelta(days=365),
        "on_minus_28": on - datetime.timedelta(days=28),
    }
    before = sql.split("{tenants}", 1)[0].count("%s")
    params = [values[n] for n in names]
    params[before:before] = tenant_ids
    daynum = DAYNUM[connection.vendor]
    sql = sql.replace("{daynum}", daynum).replace("{tenants}", ", ".join(["%s"] * len(tenant_ids)))
    totals: dict[int, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        tenant_id, teller, noemer = _hand_row(name, row)
        t, n = totals.get(tenant_id, (0, 0))
        totals[tenant_id] = (t + teller, n + noemer)
    return totals


DAYNUM = {
    "sqlite": "CAST(julianday(a.start_date) AS INTEGER)",
    "postgresql": "(a.start_date - DATE '1970-01-01')",
}


def _hand_row(name: str, row: tuple) -> tuple[int, int, int]:
    """(tenant, teller, noemer) of one row; thuiszitters counts absoluut + relatief ≥ 4 weeks."""
    if name == "thuiszitters":
        tenant_id, _school, kind, n, n_long, _days, _days_long = row
        count = {"absoluut": n, "relatief": n_long}.get(kind, 0)
        return tenant_id, int(count or 0), int(count or 0)
    return row[0], int(row[2] or 0), int(row[3])


def calculation_totals(result: Any) -> tuple[int, int]:
    """(teller, noemer) of a calculation's tenant figure, comparable with :func:`hand_sql`."""
    figure = result.tenant
    if "teller" in figure.details:
        return figure.details["teller"], figure.details["noemer"]
    return int(figure.value), int(figure.value)


# --- Setting up ----------------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def database_info() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "vendor": connection.vendor,
        "name": str(connection.settings_dict["NAME"]),
        "version": version,
    }


def ensure_data(scale_name: str, workers: int, regenerate: bool) -> dict[str, Any]:
    """Scale tenants and the baseline tenant; generated when missing. Returns what was done."""
    from tools import scale

    wanted = scale.SCALES[scale_name]
    codes = [scale.tenant_code(SCALE_PREFIX, n) for n in range(1, wanted.tenants + 1)]
    present = scale.scale_tenants(SCALE_PREFIX).filter(code__in=codes).count()
    done: dict[str, Any] = {}
    if regenerate or present < len(codes):
        log(f"Schaalgegevens maken: {wanted.tenants} × {wanted.schools} scholen …")
        started = time.perf_counter()
        scale.scale_delete(prefix=SCALE_PREFIX)
        summaries = scale.scale_generate(
            tenants=wanted.tenants,
            schools=wanted.schools,
            prefix=SCALE_PREFIX,
            workers=workers,
            progress=lambda s: log(f"  {s.code}: {s.records} records ({s.seconds:.1f} s)"),
        )
        done["generated_seconds"] = round(time.perf_counter() - started, 1)
        done["generated_records"] = sum(s.records for s in summaries)
    if not scale.scale_tenants(BASELINE_PREFIX).exists():
        scale.scale_generate(tenants=1, schools=BASELINE_SCHOOLS, years=0, prefix=BASELINE_PREFIX)
    return done


def scale_rows(tenant_ids: list[int]) -> dict[str, int]:
    from django_scopes import scopes_disabled

    from referrals.models import AbsenceRegistration, OppRegistration, Pupil
    from swvportal.tenancy.models import School

    with scopes_disabled():
        return {
            model.__name__: model.objects.filter(tenant_id__in=tenant_ids).count()
            for model in (School, Pupil, AbsenceRegistration, OppRegistration)
        }


def ensure_dashboard(tenant: Any) -> list[str]:
    """RefSVO's indicator catalogue and the official figures of the earlier peildata."""
    from monitoring.demo import CATALOGUE, past_peildata
    from monitoring.models import Measurement
    from monitoring.services import catalogue_load, indicators_compute
    from swvportal.tenancy.scoping import tenant_scope

    with tenant_scope(tenant):
        catalogue_load(tenant=tenant, document=json.loads(CATALOGUE.read_text(encoding="utf-8")))
        earlier = [d for d in past_peildata(PEILDATUM, HISTORY_YEARS) if d < PEILDATUM]
        done = set(
            Measurement.objects.filter(tenant=tenant, peildatum__in=earlier).values_list(
                "peildatum", flat=True
            )
        )
        for day in earlier:
            if day not in done:
                indicators_compute(tenant=tenant, peildatum=day, only_due=True)
    return [d.isoformat() for d in earlier]


def ensure_plan(tenant: Any) -> dict[str, Any]:
    """The tenant's newest plan; the demo plan (RefSVO's OSP, version 4.0) when it has none."""
    from plans.demo import seed_plan
    from plans.selectors import current_plan
    from swvportal.tenancy.scoping import tenant_scope

    with tenant_scope(tenant):
        plan = current_plan(tenant=tenant)
        seeded = plan is None
        if seeded:
            plan = seed_plan(tenant)
    return {"plan_id": plan.pk, "version": plan.version, "seeded": seeded}


def bench_user(tenants: list[Any]) -> Any:
    """A bestuurder of these tenants with a TOTP device (a second factor, as the role needs)."""
    from swvportal.accounts.demo import ensure_totp
    from swvportal.accounts.models import Role
    from swvportal.accounts.services import membership_set, user_get_or_create
    from swvportal.tenancy.scoping import tenant_scope

    user, _ = user_get_or_create(
        email=BENCH_EMAIL, password=None, first_name="Bench", last_name="Bestuurder"
    )
    for tenant in tenants:
        with tenant_scope(tenant):
            membership_set(user=user, tenant=tenant, role=Role.BESTUURDER, schools=[])
    ensure_totp(user)
    return user


# --- 1. Recompute --------------------------------------------------------------------------------


def bench_tenant(tenant: Any, runs: int) -> dict[str, Any]:
    from monitoring.services import indicators_compute
    from swvportal.core.calculations import CALCULATIONS, compute
    from swvportal.tenancy.scoping import tenant_scope

    calc, hand, same = {}, {}, {}
    with tenant_scope(tenant):
        for name in CALCULATIONS:
            calc[name], result = timed(lambda n=name: compute(n, tenant=tenant, on=PEILDATUM), runs)
            if name in HAND_SQL:
                hand[name], rows = timed(lambda n=name: hand_sql(n, [tenant.pk], PEILDATUM), runs)
                same[name] = rows.get(tenant.pk, (0, 0)) == calculation_totals(result)
        started = time.perf_counter()
        first = indicators_compute(tenant=tenant, peildatum=PEILDATUM)
        first_ms = round((time.perf_counter() - started) * 1000, 2)
        again_ms, again = timed(
            lambda: indicators_compute(tenant=tenant, peildatum=PEILDATUM), runs
        )
    paired = [n for n in calc if n in hand]
    calc_total = round(sum(calc[n] for n in paired), 2)
    hand_total = round(sum(hand.values()), 2)
    return {
        "tenant": tenant.code,
        "runs": runs,
        "calculations_ms": calc,
        "hand_sql_ms": hand,
        "same_figures": same,
        "calculations_total_ms": calc_total,
        "hand_sql_total_ms": hand_total,
        "ratio": ratio(calc_total, hand_total),
        "ratio_per_calculation": {n: ratio(calc[n], hand[n]) for n in paired},
        "within_target": (ratio(calc_total, hand_total) or 0) <= TARGET_RATIO,
        "indicators_compute": {
            "first_ms": first_ms,
            "first_written": first.written,
            "again_median_ms": again_ms,
            "again_written": again.written,
            "indicators": first.indicators,
        },
    }


def bench_all_tenants(tenants: list[Any], runs: int) -> dict[str, Any]:
    """Every scale tenant at once: one query per calculation (``compute_for``), as the nightly
    all-tenant run does, against one hand-written query per calculation over the same tenants;
    and ``indicators_compute_all`` (calculations plus every tenant's snapshots)."""
    from django_scopes import scopes_disabled

    from monitoring.services import indicators_compute_all
    from swvportal.core.calculations import CALCULATIONS, compute_for

    ids = [t.pk for t in tenants]

    def computed() -> dict[str, dict[int, tuple[int, int]]]:
        with scopes_disabled():  # a platform-wide run; every query filters tenant_id IN (…)
            return {
                name: {
                    tenant_id: calculation_totals(result)
                    for tenant_id, result in compute_for(name, tenant_ids=ids, on=PEILDATUM).items()
                }
                for name in CALCULATIONS
            }

    def handwritten() -> dict[str, dict[int, tuple[int, int]]]:
        return {n: hand_sql(n, ids, PEILDATUM) for n in HAND_SQL}

    calc_ms, calc = timed(computed, runs)
    hand_ms, hand = timed(handwritten, runs)
    same = all(hand[name].get(t.pk, (0, 0)) == calc[name][t.pk] for name in hand for t in tenants)
    started = time.perf_counter()
    summaries = indicators_compute_all(peildatum=PEILDATUM)
    all_ms = round((time.perf_counter() - started) * 1000, 2)
    return {
        "tenants": len(tenants),
        "runs": runs,
        "calculations_ms": calc_ms,
        "hand_sql_ms": hand_ms,
        "ratio": ratio(calc_ms, hand_ms),
        "within_target": (ratio(calc_ms, hand_ms) or 0) <= TARGET_RATIO,
        "same_figures": same,
        "calculations_per_tenant_ms": round(calc_ms / len(tenants), 2),
        "indicators_compute_all": {
            "ms": all_ms,
            "tenants": len(summaries),
            "written": sum(s.written for s in summaries.values()),
        },
    }


# --- 2. Dashboard under load ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn (sync workers, as the Dockerfile runs it) on a free port; runserver without it."""

    def __init__(self, database_url: str, workers: int) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "PYTHONWARNINGS": QUIET,
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if gunicorn.exists():
            command = [
                str(gunicorn),
                "swvportal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ]
            self.kind = f"gunicorn, {workers} sync workers"
        else:
            command = [sys.executable, "manage.py", "runserver", "--noreload", str(self.port)]
            self.kind = "runserver"
        self.process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env)

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"De server stopte met code {self.process.returncode}.")
            try:
                status, _ = request_once(self.port, "/healthz", "")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("De server kwam niet op tijd op.")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request_once(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port: int, path: str, cookie: str, requests: int, clients: int) -> dict[str, Any]:
    """``clients`` threads share ``requests`` GETs of ``path``; latency per request in ms."""
    lock = threading.Lock()
    left = [requests]
    times: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if left[0] <= 0:
                    break
                left[0] -= 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                with lock:
                    errors.append(type(exc).__name__)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
            if response.will_close:
                connection.close()  # gunicorn's sync workers close; the next request reconnects
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "path": path,
        "requests": len(times),
        "clients": clients,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": len(errors),
        "p50_ms": round(percentile(times, 50) or 0, 1),
        "p95_ms": round(percentile(times, 95) or 0, 1),
        "mean_ms": round(statistics.fmean(times), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "requests_per_second": round(len(times) / seconds, 1) if seconds else None,
    }


def session_cookie(user: Any) -> str:
    """A real session in the database, as a login leaves it (``force_login``, as the tests do)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def table_rows(body: bytes) -> int:
    """Rows in the page's table bodies: what the page rendered."""
    bodies = body.decode("utf-8", "replace").split("<tbody")[1:]
    return sum(part.split("</tbody>", 1)[0].count("<tr") for part in bodies)


def bench_pages(
    pages: dict[str, str], cookie: str, args: argparse.Namespace, database_url: str
) -> dict[str, Any]:
    server = Server(database_url, args.server_workers)
    try:
        server.wait()
        found: dict[str, Any] = {"server": server.kind}
        for name, path in pages.items():
            status, body = request_once(server.port, path, cookie)
            if status != 200:
                found[name] = {"path": path, "error": f"HTTP {status} before the load"}
                continue
            load(server.port, path, cookie, 2 * args.clients, args.clients)  # warm up
            found[name] = load(server.port, path, cookie, args.requests, args.clients)
            found[name]["bytes"] = len(body)
            found[name]["table_rows"] = table_rows(body)
        return found
    finally:
        server.stop()


# --- 3. Queries per page -------------------------------------------------------------------------


def query_counts(user: Any, pages: dict[str, str]) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = {}
    for name, path in pages.items():
        client.get(path)  # the first request fills caches that every later one finds filled
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[name] = {"path": path, "status": response.status_code, "queries": len(queries)}
    return counts


# --- 4. PDF --------------------------------------------------------------------------------------

PLAIN_SENTENCE = (
    "Het samenwerkingsverband zorgt met de scholen voor een dekkend aanbod, zodat elke leerling "
    "een passende plek krijgt en niemand thuis komt te zitten. "
)


def plain_html(pages: int) -> str:
    """A plain document of exactly ``pages`` A4 pages: per page a heading and four paragraphs
    that fit on it, then a page break. No contents, no counters, no web fonts."""
    paragraph = "<p>" + PLAIN_SENTENCE * 4 + "</p>"
    sections = "".join(
        f'<section class="page"><h1>Pagina {n}</h1>{paragraph * 4}</section>'
        for n in range(1, pages + 1)
    )
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Platte tekst</title>'
        "<style>@page { size: A4; margin: 24mm 20mm 22mm 22mm; } "
        "html { font-size: 10.5pt; line-height: 1.45; } "
        ".page { break-after: page; } .page:last-child { break-after: auto; }</style>"
        f"</head><body>{sections}</body></html>"
    )


def plain_pdf(html: str) -> bytes:
    """WeasyPrint with its defaults, through the same local-only fetcher as the portal's PDFs."""
    import weasyprint

    from swvportal.core.pdf import STATIC_DIR, _local_fetcher

    document = weasyprint.HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_local_fetcher()
    )
    return document.write_pdf()


def page_count(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def bench_render(source: Any, runs: int) -> dict[str, Any]:
    """``source.render()`` ``runs`` times: the median and every run in ms, pages and size."""
    times, pdf = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        pdf = source.render()
        times.append(round((time.perf_counter() - started) * 1000, 1))
    html_ms, _ = timed(source.html, 1)
    return {
        "file": source.filename,
        "render_median_ms": round(statistics.median(times), 1),
        "render_ms": times,
        "html_ms": html_ms,  # of which: the template alone
        "pages": page_count(pdf),
        "bytes": len(pdf),
    }


def bench_pdf(tenant: Any, plan_id: int | None, runs: int) -> dict[str, Any]:
    """The OSP next to a plain document of as many pages, and the monitoring report."""
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page
    import weasyprint  # noqa: F401  (imported once here, so no run pays for the import)

    from monitoring.pdf import monitoring_document

    found: dict[str, Any] = {"runs": runs}
    document_ms, source = timed(lambda: monitoring_document(tenant, PEILDATUM), 1)
    found["monitoring"] = {"document_ms": document_ms, **bench_render(source, runs)}
    from django_scopes import scopes_disabled

    from plans.models import Plan
    from plans.pdf import osp_document

    with scopes_disabled():
        plan = Plan.objects.get(pk=plan_id)
    document_ms, source = timed(lambda: osp_document(plan, peildatum=PEILDATUM), 1)
    osp = {"document_ms": document_ms, **bench_render(source, runs)}
    html = plain_html(osp["pages"])
    plain_times, pdf = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        pdf = plain_pdf(html)
        plain_times.append(round((time.perf_counter() - started) * 1000, 1))
    plain = {
        "render_median_ms": round(statistics.median(plain_times), 1),
        "render_ms": plain_times,
        "pages": page_count(pdf),
        "bytes": len(pdf),
    }
    found["osp"] = osp
    found["plain"] = plain
    found["same_pages"] = plain["pages"] == osp["pages"]
    found["ratio"] = ratio(osp["render_median_ms"], plain["render_median_ms"])
    found["osp_ms_per_page"] = round(osp["render_median_ms"] / osp["pages"], 1)
    found["plain_ms_per_page"] = round(plain["render_median_ms"] / plain["pages"], 1)
    return found


# --- 5. Import ----------------------------------------------------------------------------------

IMPORT_TENANT = "BI0001"


def import_rows(count: int) -> bytes:
    """A thuiszitters CSV of ``count`` valid rows, each a new pupil; a third still at home."""
    import csv
    import io

    from django.utils import timezone

    from referrals import resources

    today = timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(resources.column_names(resources.ABSENCES))
    for n in range(count):
        start = today - datetime.timedelta(days=60 + n % 200)
        closed = n % 3 != 0
        end = (today - datetime.timedelta(days=10)).isoformat() if closed else ""
        writer.writerow(
            [
                f"B{n:06d}",
                today.year - 13 - n % 5,
                "",
                "absoluut",
                "",
                start.isoformat(),
                end,
                "psychisch",
                "leerplicht",
                "Plan",
                "",
                "eigen_school" if closed else "",
            ]
        )
    return out.getvalue().encode()


def bench_import(rows: int) -> dict[str, Any]:
    """The importer's rows per second, dry run and commit, next to a bare ``bulk_create`` of the
    same pupils and registrations; every write is rolled back."""
    from django.db import transaction
    from django_scopes import scope, scopes_disabled

    from referrals import resources
    from referrals.models import AbsenceRegistration, Pupil
    from swvportal.tenancy.models import School, Tenant

    with scopes_disabled():
        tenant, _ = Tenant.objects.get_or_create(
            code=IMPORT_TENANT, defaults={"name": "Inleestest", "sector": "VO"}
        )
        school, _ = School.objects.get_or_create(
            tenant=tenant, brin="99IT00", defaults={"name": "Inleesschool", "kind": "vo"}
        )
    dataset = resources.read_file(resources.ABSENCES, import_rows(rows), "csv")

    def run(commit: bool) -> Any:
        with transaction.atomic():
            report = resources.import_dataset(
                resources.ABSENCES, school=school, dataset=dataset, commit=commit
            )
            transaction.set_rollback(True)
        return report

    def bulk() -> None:
        with transaction.atomic():
            pupils = Pupil.objects.bulk_create(
                Pupil(tenant=tenant, school=school, pupil_number=r[0], birth_year=int(r[1]))
                for r in dataset
            )
            AbsenceRegistration.objects.bulk_create(
                AbsenceRegistration(
                    tenant=tenant,
                    school=school,
                    pupil=p,
                    kind=r[3],
                    start_date=datetime.date.fromisoformat(r[5]),
                    end_date=datetime.date.fromisoformat(r[6]) if r[6] else None,
                    reason_category=r[7],
                    partners=[r[8]],
                    plan=r[9],
                    outcome=r[11],
                )
                for p, r in zip(pupils, dataset, strict=True)
            )
            transaction.set_rollback(True)

    with scope(tenant=tenant):
        dry_ms, dry = timed(lambda: run(False), 3)
        commit_ms, saved = timed(lambda: run(True), 1)
        bulk_ms, _ = timed(bulk, 3)

    def per_second(ms: float) -> float:
        return round(rows / (ms / 1000), 1)

    return {
        "rows": rows,
        "dry_run": {"ms": dry_ms, "rows_per_second": per_second(dry_ms), "ok": dry.ok},
        "commit": {
            "ms": commit_ms,
            "rows_per_second": per_second(commit_ms),
            "committed": saved.committed,
        },
        "bulk_create": {"ms": bulk_ms, "rows_per_second": per_second(bulk_ms)},
        "dry_run_ratio": ratio(dry_ms, bulk_ms),
    }


# --- Main ----------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("refsvo", "national"), default="refsvo")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE,
        help="Standaard DATABASE_URL, anders var/bench.sqlite3.",
    )
    parser.add_argument("--runs", type=int, default=7, help="Herhalingen per meting (mediaan).")
    parser.add_argument("--all-runs", type=int, default=3, help="Herhalingen over alle SWV's.")
    parser.add_argument("--requests", type=int, default=200, help="Verzoeken per pagina.")
    parser.add_argument("--clients", type=int, default=10, help="Gelijktijdige clients.")
    parser.add_argument("--server-workers", type=int, default=3, help="gunicorn-workers.")
    parser.add_argument("--workers", type=int, default=2, help="Processen bij het genereren.")
    parser.add_argument("--regenerate", action="store_true", help="Maak de schaaldata opnieuw.")
    parser.add_argument("--no-server", action="store_true", help="Sla de belastingtest over.")
    parser.add_argument(
        "--pdf-runs", type=int, default=PDF_RUNS, help="Herhalingen per PDF (mediaan)."
    )
    parser.add_argument("--import-rows", type=int, default=1000, help="Regels bij het inlezen.")
    parser.add_argument("--import-only", action="store_true", help="Meet alleen het inlezen.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from monitoring.models import Indicator
    from tools import scale

    load_average = os.getloadavg()[0]
    call_command("migrate", verbosity=0, interactive=False)
    if args.import_only:
        found = {"load_average_at_start": round(load_average, 2)}
        found["import"] = bench_import(args.import_rows)
        print(json.dumps(found, indent=2, default=str))
        return 0
    document: dict[str, Any] = {
        "peildatum": PEILDATUM.isoformat(),
        "scale": args.scale,
        "database": database_info(),
        "settings": SETTINGS,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": round(load_average, 2),
            "python": platform.python_version(),
        },
        "targets": {"recompute_ratio_max": TARGET_RATIO, "dashboard_ratio_max": TARGET_RATIO},
    }
    document["data"] = ensure_data(args.scale, args.workers, args.regenerate)
    size = scale.SCALES[args.scale].tenants
    with scopes_disabled():
        tenants = list(scale.scale_tenants(SCALE_PREFIX)[:size])
        baseline = scale.scale_tenants(BASELINE_PREFIX).first()
    tenant = tenants[0]
    document["data"]["tenants"] = len(tenants)
    document["data"]["rows"] = scale_rows([t.pk for t in tenants])
    log("Catalogus en eerdere peildata …")
    document["data"]["earlier_peildata"] = ensure_dashboard(tenant)
    document["data"]["plan"] = ensure_plan(tenant)

    log(f"Herberekenen {tenant.code} …")
    document["recompute"] = {"per_tenant": bench_tenant(tenant, args.runs)}
    log(f"Herberekenen alle {len(tenants)} samenwerkingsverbanden …")
    document["recompute"]["all_tenants"] = bench_all_tenants(tenants, args.all_runs)

    user = bench_user([tenant, baseline])
    with scopes_disabled():
        indicator = (
            Indicator.objects.filter(tenant=tenant, calculation="thuiszitters")
            .order_by("pk")
            .first()
        )
    pages = {
        "dashboard": f"/{tenant.code}/monitoring/?peildatum={PEILDATUM.isoformat()}",
        "indicator": f"/{tenant.code}/monitoring/indicatoren/{indicator.pk}/"
        f"?peildatum={PEILDATUM.isoformat()}",
        "baseline": f"/{baseline.code}/scholen/?per_page={BASELINE_SCHOOLS}",
    }
    document["queries"] = query_counts(user, pages)
    if not args.no_server:
        log("Belastingtest …")
        loaded = {k: v for k, v in pages.items() if k != "indicator"}
        found = bench_pages(loaded, session_cookie(user), args, args.database_url)
        p50 = [found.get(k, {}).get("p50_ms") for k in ("dashboard", "baseline")]
        found["ratio_p50"] = ratio(*p50)
        found["within_target"] = (found["ratio_p50"] or math.inf) <= TARGET_RATIO
        document["dashboard"] = found
    log("PDF's renderen …")
    document["pdf"] = bench_pdf(tenant, document["data"]["plan"]["plan_id"], args.pdf_runs)
    log("Inlezen …")
    document["import"] = bench_import(args.import_rows)
    print(json.dumps(document, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
