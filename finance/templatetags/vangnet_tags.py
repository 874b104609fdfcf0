"""Template filters of the vangnet: euros with cents, a category's name, a school year."""

from __future__ import annotations

from django import template

from ..vangnet import euros
from ..vangnet_data import CATEGORY_LABELS, school_year_label

register = template.Library()


@register.filter
def cents(value) -> str:
    """182500 → "182.500,00" (no euro sign: the column or the sentence says so)."""
    return euros(value)


@register.filter
def category(value) -> str:
    return CATEGORY_LABELS.get(value or "", value)


@register.filter
def school_year(value) -> str:
    return school_year_label(int(value)) if value not in (None, "") else ""
