"""Every URL pattern of the project, so the isolation crawl covers new views automatically."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" for reverse()
    params: tuple[str, ...]

    @property
    def is_tenant_route(self) -> bool:
        return "tenant_code" in self.params

    @property
    def is_public_tenant_route(self) -> bool:
        """A tenant's page without login (``tenancy.middleware.PUBLIC_TENANT_PARAM``)."""
        return "public_tenant_code" in self.params


def all_routes() -> list[Route]:
    routes = {r.name: r for r in _walk(get_resolver(), (), ())}
    return sorted(routes.values(), key=lambda r: r.name)


def _walk(
    resolver: URLResolver, namespaces: tuple[str, ...], params: tuple[str, ...]
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        entry_params = params + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, ns, entry_params)
        elif isinstance(entry, URLPattern):
            if entry.name is None and namespaces[:1] == ("admin",):
                continue  # the admin's unnamed redirects lead to its named views, crawled below
            if entry.name is None:
                raise AssertionError(f"URL pattern {entry.pattern} has no name: name every view.")
            yield Route(":".join((*namespaces, entry.name)), entry_params)
