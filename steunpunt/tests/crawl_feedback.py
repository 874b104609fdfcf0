"""Part "feedback" of the crawls (see ``crawl``): the yearly feedback to schools."""

from __future__ import annotations

from swvportal.accounts.models import Role

B, Z, T = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT

MATRIX: dict[str, set[str]] = {
    "steunpunt:feedback_list": {B, Z, T},
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
