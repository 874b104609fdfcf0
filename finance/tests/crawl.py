"""The finance app's share of the cross-app crawls, one module per part (``crawl_<part>``),
put together by ``tests.crawlparts.combine`` (which says what each part module defines)."""

from __future__ import annotations

from tests.crawlparts import combine

from . import crawl_exchange, crawl_pages, crawl_pdf, crawl_reports, crawl_status, crawl_vangnet

PARTS = (crawl_pages, crawl_status, crawl_reports, crawl_vangnet, crawl_pdf, crawl_exchange)
_crawl = combine(PARTS)

MATRIX: dict[str, set[str]] = _crawl.MATRIX
POST_ONLY: dict[str, set[str]] = _crawl.POST_ONLY
REDIRECTS: set[str] = _crawl.REDIRECTS
BROWSER_POST_ONLY: set[str] = _crawl.BROWSER_POST_ONLY
kwargs = _crawl.kwargs
b_values = _crawl.b_values
snapshot_b = _crawl.snapshot_b
browser_values = _crawl.browser_values
