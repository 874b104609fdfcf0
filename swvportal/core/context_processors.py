from django.http import HttpRequest

from .navigation import sections_for


def portal(request: HttpRequest) -> dict:
    membership = getattr(request, "membership", None)
    return {
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": membership,
        "nav_sections": sections_for(membership) if membership else [],
    }
