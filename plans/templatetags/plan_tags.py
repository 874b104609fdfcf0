from django import template

from plans.models import school_year_label
from plans.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def school_year(start: int | None) -> str:
    return school_year_label(start)
