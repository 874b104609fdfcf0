"""The one way views get a school (the rule of ``swvportal.core.access``)."""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.accounts.permissions import visible
from swvportal.core.access import ObjectAccess

from .models import School
from .selectors import school_list

# No ``may_write``: schools come from the BRIN import (``import_schools``), not from a page.
SCHOOLS: ObjectAccess[School] = ObjectAccess(
    lambda membership: visible(school_list(), membership, "tenancy.view_schools", school_field="pk")
)


def get_school_for_user(request: HttpRequest, school_id: int) -> tuple[School, bool]:
    return SCHOOLS.get_for_user(request, school_id)
