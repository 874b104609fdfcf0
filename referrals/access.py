"""The one way views get a pupil record: 404 outside the member's tenant or schools."""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.mixins import get_visible_or_404
from swvportal.tenancy.models import School

from .models import AbsenceRegistration, OppRegistration
from .selectors import VIEW, visible_schools


def get_absence(request: HttpRequest, pk: int) -> AbsenceRegistration:
    queryset = AbsenceRegistration.objects.select_related("pupil", "school")
    return get_visible_or_404(request, queryset, pk, VIEW)


def get_opp(request: HttpRequest, pk: int) -> OppRegistration:
    queryset = OppRegistration.objects.select_related("pupil", "school")
    return get_visible_or_404(request, queryset, pk, VIEW)


def get_school(request: HttpRequest, pk: int) -> School:
    return get_visible_or_404(
        request, visible_schools(membership=request.membership), pk, VIEW, school_field="pk"
    )
