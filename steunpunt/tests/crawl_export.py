"""Part "export" of the crawls (see ``crawl``): the export page and its two Excel files.

The pages take the school year as a query parameter (``?schooljaar=2025``), not in the path,
so there are no objects to hand in; the downloads are GET requests (the browser crawl counts
them as downloads).
"""

from __future__ import annotations

from swvportal.accounts.models import Role

B = Role.BESTUURDER

MATRIX: dict[str, set[str]] = {
    "steunpunt:export": {B},
    "steunpunt:export_contacts": {B},
    "steunpunt:export_trends": {B},
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set(POST_ONLY)


def kwargs(world, page: str) -> dict:
    return {}


def b_values(world) -> dict:
    return {}


def snapshot_b(world) -> list:
    return []


def browser_values(demo) -> dict:
    return {}
