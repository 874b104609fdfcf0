"""Part "public" of the crawls (see ``crawl``): the form for parents and young people.

Its pages take ``public_tenant_code`` (no login, ``tenancy.middleware``). The isolation crawl
opens them with tenant A's code: the page names its own SWV, which for tenant B's code would be
B's name (its marker), rightly. What the form stores lands in the tenant of the code, which the
public form's own tests show.
"""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set()


def kwargs(world, page: str) -> dict:
    return {}


def b_values(world) -> dict:
    return {"public_tenant_code": world.tenant_a.code}


def snapshot_b(world) -> list:
    return []


def browser_values(demo) -> dict:
    return {"public_tenant_code": demo.tenant.code}
