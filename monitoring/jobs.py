"""The background job that computes the dashboard: registered with the jobs framework."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from swvportal.jobs.models import Job
from swvportal.jobs.params import JobParams, param_bool, param_date
from swvportal.jobs.registry import Progress, job_kind
from swvportal.jobs.services import job_start_once
from swvportal.tenancy.models import Tenant

from . import selectors
from .services import indicators_compute, monitoring_settings

KIND = "monitoring.compute"


@dataclass(frozen=True)
class ComputeParams(JobParams):
    """Which figures: of a peildatum, or the provisional state of today; the nightly run only
    the indicators due that day (``alleen_gepland``)."""

    peildatum: datetime.date
    voorlopig: bool = False
    alleen_gepland: bool = False

    def to_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "peildatum": self.peildatum.isoformat(),
            "voorlopig": self.voorlopig,
        }
        if self.alleen_gepland:  # absent otherwise, as in the rows from before this class
            params["alleen_gepland"] = True
        return params

    @classmethod
    def from_params(cls, data: Mapping[str, Any]) -> ComputeParams:
        return cls(
            peildatum=param_date(data, "peildatum"),
            voorlopig=param_bool(data, "voorlopig"),
            alleen_gepland=param_bool(data, "alleen_gepland"),
        )


# A full computation for a large tenant takes minutes; the limits stop a runaway one.
@job_kind(
    KIND,
    "Indicatoren berekenen",
    params=ComputeParams,
    capability="monitoring.compute",
    soft_time_limit=20 * 60,
    time_limit=25 * 60,
)
def compute(job: Job, params: ComputeParams, progress: Progress) -> str:
    """Idempotent: a second run of the same job finds every figure unchanged and writes nothing."""
    on, provisional = params.peildatum, params.voorlopig
    summary = indicators_compute(
        tenant=job.tenant,
        peildatum=on,
        provisional=provisional,
        only_due=params.alleen_gepland,
        job=job,
        progress=progress,
    )
    progress(
        100, f"{summary.indicators} indicatoren; {summary.written} nieuwe of gewijzigde cijfers."
    )
    url = reverse("monitoring:dashboard", kwargs={"tenant_code": job.tenant.code})
    return f"{url}?peildatum={on:%Y-%m-%d}" + ("&voorlopig=1" if provisional else "")


def compute_start(
    *,
    tenant: Tenant,
    peildatum: datetime.date,
    provisional: bool = False,
    only_due: bool = False,
    by=None,
) -> Job:
    """Start the computation, or return the one for the same peildatum that has not run yet.

    Official figures only on the tenant's peildata within the current plan's school years (a
    date back in 1900 would write a full set of official snapshots nobody asked for); the
    provisional state only of today.
    """
    peildatum_check(tenant=tenant, peildatum=peildatum, provisional=provisional)
    params = ComputeParams(peildatum, voorlopig=provisional, alleen_gepland=only_due)
    return job_start_once(tenant=tenant, kind=KIND, params=params, by=by)


def peildatum_check(*, tenant: Tenant, peildatum: datetime.date, provisional: bool) -> None:
    today = timezone.localdate()
    if peildatum > today:
        raise ValidationError("Een peildatum in de toekomst kan nog niet berekend worden.")
    if provisional:
        if peildatum != today:
            raise ValidationError("Een voorlopige stand kan alleen van vandaag berekend worden.")
        return
    plan = selectors.computing_plan(tenant=tenant)
    if plan is None:
        raise ValidationError(
            "Er is nog geen ondersteuningsplan, dus ook geen peildata om te berekenen. "
            "U kunt wel de stand van vandaag (voorlopig) berekenen."
        )
    allowed = selectors.computable_peildata(
        settings=monitoring_settings(tenant), plan=plan, today=today
    )
    if peildatum not in allowed:
        raise ValidationError(
            "Kies een peildatum uit de lijst: een peildatum van het samenwerkingsverband in de "
            f"looptijd van het ondersteuningsplan ({plan.period_label}), tot en met vandaag, of "
            "de stand van vandaag."
        )
