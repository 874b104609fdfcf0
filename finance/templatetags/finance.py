"""Template filters of the finance app: whole euros in Dutch notation, a year's value."""

from __future__ import annotations

from django import template

from ..rules import format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """33026007 → "33.026.007" (no euro sign: the column says so)."""
    return format_euros(value)


@register.filter
def get_year(mapping, year):
    """``amounts|get_year:2026``: a dict's value for a year (None when absent)."""
    return mapping.get(year) if mapping else None
