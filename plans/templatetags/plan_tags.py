from django import template

from plans.rendering import render_markdown
from swvportal.core.schoolyear import school_year_label

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def school_year(start: int | None) -> str:
    return school_year_label(start)
