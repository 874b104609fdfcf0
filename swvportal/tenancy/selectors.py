from __future__ import annotations

from django.db.models import QuerySet

from .models import School


def school_list() -> QuerySet[School]:
    """The schools of the active tenant (the scope filters on it)."""
    return School.objects.all().order_by("name")
