"""The steunpunt's share of the cross-app crawls, one module per part (``crawl_<part>``), so
``tests/test_permissions.py``, ``tests/test_isolation.py`` and ``tests/browser/test_crawl.py``
need one line each and the parts never edit the same lines (the pattern of ``finance``):

* ``MATRIX`` / ``POST_ONLY`` / ``REDIRECTS``: page → the roles that get a 200 (or a 405 on a
  page that only takes a POST), the specification of the permission matrix (roles, not grants:
  a granted member is tested in ``test_grants``);
* ``kwargs(world, page)``: the URL parameters of a page of tenant A for the matrix test;
* ``b_values(world)``: tenant B's objects for the isolation crawl, and ``snapshot_b(world)``:
  B's rows that a page of A could change (they must stay the same);
* ``browser_values(demo)``: the demo tenant's objects for the browser crawl, and
  ``BROWSER_POST_ONLY``: pages the browser crawl does not open (their buttons are crawled).

Each part module defines the same names (empty where it has none).
"""

from __future__ import annotations

from . import (
    crawl_contacts,
    crawl_export,
    crawl_feedback,
    crawl_public,
    crawl_settings,
    crawl_trends,
)

PARTS = (crawl_trends, crawl_contacts, crawl_feedback, crawl_export, crawl_settings, crawl_public)

MATRIX: dict[str, set[str]] = {k: v for part in PARTS for k, v in part.MATRIX.items()}
POST_ONLY: dict[str, set[str]] = {k: v for part in PARTS for k, v in part.POST_ONLY.items()}
REDIRECTS: set[str] = {name for part in PARTS for name in part.REDIRECTS}
BROWSER_POST_ONLY: set[str] = {name for part in PARTS for name in part.BROWSER_POST_ONLY}


def kwargs(world, page: str) -> dict:
    for part in PARTS:
        if page in part.MATRIX or page in part.POST_ONLY:
            return part.kwargs(world, page)
    return {}


def _merged(values: list[dict]) -> dict:
    """The parts' values together; where two parts give the same parameter, both are tried
    (the crawls take a list as "each of these")."""
    found: dict = {}
    for part_values in values:
        for key, value in part_values.items():
            if key not in found:
                found[key] = value
                continue
            known = found[key] if isinstance(found[key], list) else [found[key]]
            extra = value if isinstance(value, list) else [value]
            found[key] = list(dict.fromkeys([*known, *extra]))
    return found


def b_values(world) -> dict:
    return _merged([part.b_values(world) for part in PARTS])


def snapshot_b(world) -> list:
    return [row for part in PARTS for row in part.snapshot_b(world)]


def browser_values(demo) -> dict:
    """One value per parameter (the browser crawl opens each page once): the first part's."""
    found: dict = {}
    for part in PARTS:
        for key, value in part.browser_values(demo).items():
            found.setdefault(key, value)
    return found
