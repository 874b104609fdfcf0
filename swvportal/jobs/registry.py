"""Kinds of background work. An app declares each kind once, in its own module:

    @job_kind(
        "monitoring.compute", "Indicatoren berekenen", params=ComputeParams,
        capability="monitoring.compute", soft_time_limit=15 * 60, time_limit=20 * 60,
    )
    def compute(job: Job, params: ComputeParams, progress: Progress) -> str | None:
        ...               # call a service; report with progress(50, "Thuiszitters geteld")
        return url        # where the result can be seen, or None

The decorator makes the kind's own Celery task, ``jobs.<kind>``, with the kind's time limits:
it claims the job, reads its parameters (``params.from_params``), runs the handler in the job's
tenant scope with the typed parameters and a progress callback, and records the outcome
(``services.job_run``). A handler must be idempotent: a redelivered job run again leaves the same
state. ``capability``, when given, is what a member needs to start this kind; retrying a failed
or stuck job asks for it too. The soft limit stops the handler with a Dutch message on the job;
the hard limit is the backstop that ends the worker process.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from celery import shared_task
from django.core.exceptions import ImproperlyConfigured

from .params import JobParams, NoParams

if TYPE_CHECKING:
    from celery import Task

    from .models import Job

Progress = Callable[[int, str], None]
Handler = Callable[["Job", Any, Progress], "str | None"]


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str
    handler: Handler
    params: type[JobParams]
    soft_time_limit: int
    time_limit: int
    capability: str | None = None

    @property
    def task_name(self) -> str:
        return f"jobs.{self.kind}"

    @property
    def task(self) -> Task:
        """The kind's Celery task (created when the kind was registered)."""
        return _TASKS[self.kind]

    def stored_params(self, params: JobParams | Mapping[str, Any] | None) -> dict[str, Any]:
        """What the job's row keeps: checked (Dutch ``ValidationError``) and in one form, so the
        same request always gives the same dict (``job_start_once`` compares them)."""
        if isinstance(params, JobParams):
            if not isinstance(params, self.params):
                raise ImproperlyConfigured(f"{self.kind} takes {self.params.__name__}.")
            return params.to_params()
        return self.params.from_params(params or {}).to_params()


KINDS: dict[str, JobKind] = {}
_TASKS: dict[str, Task] = {}


def job_kind(
    kind: str,
    label: str,
    *,
    soft_time_limit: int,
    time_limit: int,
    params: type[JobParams] = NoParams,
    capability: str | None = None,
) -> Callable[[Handler], Handler]:
    """Register ``handler`` as the kind and create its Celery task (see the module's text)."""
    if not 0 < soft_time_limit < time_limit:
        raise ImproperlyConfigured(
            f"Job kind {kind}: the soft time limit must be positive and below the hard one, "
            "so the handler can still record why it stopped."
        )

    def register(handler: Handler) -> Handler:
        entry = JobKind(kind, label, handler, params, soft_time_limit, time_limit, capability)
        known = KINDS.get(kind)
        if known is not None and _name(known.handler) != _name(handler):
            raise ImproperlyConfigured(
                f"Job kind {kind} is registered twice ({_name(known.handler)}, {_name(handler)})."
            )
        KINDS[kind] = entry
        _make_task(entry)
        return handler

    return register


def _name(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def _make_task(entry: JobKind) -> None:
    """The kind's own task. acks_late with reject_on_worker_lost: a worker that dies mid-job
    gives the message back, and the claim makes that redelivery harmless."""
    kind = entry.kind

    def run(job_id: int) -> None:
        from .tasks import job_execute

        job_execute(job_id, kind=kind)  # the kind is looked up again: a reload replaces it

    run.__name__ = run.__qualname__ = f"run_{kind.replace('.', '_')}"
    run.__module__ = __name__
    run.__doc__ = f"Run one job of kind {kind} ({entry.label})."
    _TASKS[kind] = shared_task(
        name=entry.task_name,
        acks_late=True,
        reject_on_worker_lost=True,
        ignore_result=True,
        soft_time_limit=entry.soft_time_limit,
        time_limit=entry.time_limit,
    )(run)


def label_for(kind: str) -> str:
    return KINDS[kind].label if kind in KINDS else kind
