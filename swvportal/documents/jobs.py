"""The background job that makes a PDF of any registered type (a kind of the jobs framework)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from swvportal.jobs.models import Job
from swvportal.jobs.params import JobParams, param_str
from swvportal.jobs.registry import Progress, job_kind

from .services import JOB_KIND, document_issue, document_type, document_url


@dataclass(frozen=True)
class RenderParams(JobParams):
    """The document type and what its ``to_json`` said (the subject, the options).

    Stored flat, ``{"kind": …, **data}``, as the rows from before this class.
    """

    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_params(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.data}

    @classmethod
    def from_params(cls, data: Mapping[str, Any]) -> RenderParams:
        rest = dict(data)
        kind = param_str(rest, "kind")
        del rest["kind"]
        document_type(kind)  # a Dutch ValidationError for a kind no app registers
        return cls(kind, rest)


# WeasyPrint lays out a long plan with its appendices in well under a minute.
@job_kind(
    JOB_KIND,
    "PDF maken",
    params=RenderParams,
    capability="documents.create",
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def render_document(job: Job, params: RenderParams, progress: Progress) -> str:
    """Idempotent for an archiving type: a second run returns the archived document unchanged.

    ``from_json`` runs in the job's tenant scope and raises ``LookupError`` when what the PDF
    was to show is gone.
    """
    found = document_type(params.kind).from_json(dict(params.data))
    progress(10, "PDF opmaken…")
    document = document_issue(tenant=job.tenant, kind=params.kind, by=job.created_by, **found)
    progress(100, f"{document.title} staat klaar om te downloaden.")
    return document_url(document)
