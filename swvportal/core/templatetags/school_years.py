"""``{{ 2026|school_year }}`` → 2026-2027: a school year stored by its first calendar year, as
every page writes it (``swvportal.core.schoolyear``)."""

from django import template

from swvportal.core.schoolyear import school_year_label

register = template.Library()


@register.filter
def school_year(start: int | None) -> str:
    return school_year_label(start)
