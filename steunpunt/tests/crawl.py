"""The steunpunt's share of the cross-app crawls, one module per part (``crawl_<part>``), put
together by ``tests.crawlparts.combine`` (which says what each part module defines). The matrix
holds roles, not grants: a granted member is tested in ``test_grants`` and the parts' tests."""

from __future__ import annotations

from tests.crawlparts import combine

from . import (
    crawl_contacts,
    crawl_export,
    crawl_feedback,
    crawl_public,
    crawl_settings,
    crawl_trends,
)

PARTS = (crawl_trends, crawl_contacts, crawl_feedback, crawl_export, crawl_settings, crawl_public)
_crawl = combine(PARTS)

MATRIX: dict[str, set[str]] = _crawl.MATRIX
POST_ONLY: dict[str, set[str]] = _crawl.POST_ONLY
REDIRECTS: set[str] = _crawl.REDIRECTS
BROWSER_POST_ONLY: set[str] = _crawl.BROWSER_POST_ONLY
kwargs = _crawl.kwargs
b_values = _crawl.b_values
snapshot_b = _crawl.snapshot_b
browser_values = _crawl.browser_values
