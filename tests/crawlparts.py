"""One app's share of the cross-app crawls, put together from its part modules.

An app with several parts keeps one crawl module per part (``<app>/tests/crawl_<part>.py``), so
the parts never edit the same lines, and one ``<app>/tests/crawl.py`` that combines them with
:func:`combine`. ``tests/test_permissions.py``, ``tests/test_isolation.py`` and
``tests/browser/test_crawl.py`` then need one line per app. Each part module defines:

* ``MATRIX`` / ``POST_ONLY`` / ``REDIRECTS``: page → the roles that get a 200 (or a 405 on a
  page that only takes a POST), the specification of the permission matrix;
* ``kwargs(world, page)``: the URL parameters of a page of tenant A for the matrix test;
* ``b_values(world)``: tenant B's objects for the isolation crawl, and ``snapshot_b(world)``:
  B's rows that a page of A could change (they must stay the same);
* ``browser_values(demo)``: the demo tenant's objects for the browser crawl, and
  ``BROWSER_POST_ONLY``: pages the browser crawl does not open (their buttons are crawled).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType, SimpleNamespace


def combine(parts: Sequence[ModuleType]) -> SimpleNamespace:
    """The parts' names together, as one crawl module would define them."""

    def kwargs(world, page: str) -> dict:
        for part in parts:
            if page in part.MATRIX or page in part.POST_ONLY:
                return part.kwargs(world, page)
        return {}

    def b_values(world) -> dict:
        return _merged([part.b_values(world) for part in parts])

    def snapshot_b(world) -> list:
        return [row for part in parts for row in part.snapshot_b(world)]

    def browser_values(demo) -> dict:
        """One value per parameter (the browser crawl opens each page once): the first part's."""
        found: dict = {}
        for part in parts:
            for key, value in part.browser_values(demo).items():
                found.setdefault(key, value)
        return found

    return SimpleNamespace(
        MATRIX={k: v for part in parts for k, v in part.MATRIX.items()},
        POST_ONLY={k: v for part in parts for k, v in part.POST_ONLY.items()},
        REDIRECTS={name for part in parts for name in part.REDIRECTS},
        BROWSER_POST_ONLY={name for part in parts for name in part.BROWSER_POST_ONLY},
        kwargs=kwargs,
        b_values=b_values,
        snapshot_b=snapshot_b,
        browser_values=browser_values,
    )


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
