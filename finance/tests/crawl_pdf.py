"""Part "pdf" of the crawls (see ``crawl``): "PDF maken" of a begroting version
(``documents:begroting_create``, the documents app's route of the registered type ``begroting``).
It takes a POST only (405 on a GET for the bestuurder, 403 for the others); its URL parameter
``begroting_id`` is part "pages"' (tenant B's adopted begroting, the demo's concept), so this
module adds no values of its own. The downloads are the documents app's ``document_download``."""

from __future__ import annotations

from swvportal.accounts.models import Role

from .builders import a_begroting

B = Role.BESTUURDER

MATRIX: dict[str, set[str]] = {}
POST_ONLY: dict[str, set[str]] = {"documents:begroting_create": {B}}
REDIRECTS: set[str] = set()
# "PDF maken" is a button on the version's page; the browser crawl does not open it.
BROWSER_POST_ONLY: set[str] = {"documents:begroting_create"}


def kwargs(world, page: str) -> dict:
    if page == "documents:begroting_create":
        return {"begroting_id": a_begroting(world.tenant_a).pk}
    return {}


def b_values(world) -> dict:
    return {}  # begroting_id: crawl_pages gives tenant B's begroting


def snapshot_b(world) -> list:
    return []  # B's issued documents are in the isolation test's own snapshot


def browser_values(demo) -> dict:
    return {}  # begroting_id: crawl_pages gives the demo's concept
