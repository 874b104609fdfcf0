"""Kinds of background work. An app registers a handler with ``@job_handler``:

    @job_handler("monitoring.compute", "Indicatoren berekenen")
    def compute(job: Job, progress: Progress) -> str | None:
        ...               # call a service; report with progress(50, "Thuiszitters geteld")
        return url        # where the result can be seen, or None

A handler runs inside the job's tenant scope and must be idempotent: a redelivered job run
again leaves the same state. ``capability``, when given, is what a member needs to start this
kind; retrying a failed or stuck job asks for it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Job

Progress = Callable[[int, str], None]
Handler = Callable[["Job", Progress], "str | None"]


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str
    handler: Handler
    capability: str | None = None


KINDS: dict[str, JobKind] = {}


def job_handler(
    kind: str, label: str, capability: str | None = None
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        KINDS[kind] = JobKind(kind, label, handler, capability)
        return handler

    return register


def label_for(kind: str) -> str:
    return KINDS[kind].label if kind in KINDS else kind
