from __future__ import annotations

from django.db.models import QuerySet

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible

from .models import Job


def job_list(*, membership: Membership) -> QuerySet[Job]:
    """The member's own jobs; the bestuurder sees all of the tenant's."""
    return visible(Job.objects.all(), membership, "jobs.view_job").select_related("created_by")
