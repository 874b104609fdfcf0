from django.http import HttpRequest

from swvportal.accounts.selectors import memberships_of

from .navigation import sections_for


def portal(request: HttpRequest) -> dict:
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": membership,
        "nav_sections": sections_for(membership) if membership else [],
        # Lazy: only pages that show the tenant switcher run the query.
        "has_several_tenants": lambda: bool(
            user and user.is_authenticated and len(memberships_of(user)) > 1
        ),
    }
