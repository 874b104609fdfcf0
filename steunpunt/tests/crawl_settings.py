"""Part "settings" of the crawls (see ``crawl``)."""

from __future__ import annotations

MATRIX: dict[str, set[str]] = {}
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
