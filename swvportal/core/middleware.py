"""Rules for every request and response, before and after any view runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.defaults import bad_request

NUL = "\x00"


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every response Django makes.

    Nearly every page is behind login and many show pupil data (lists, forms, exports, PDFs);
    a browser or proxy must keep none of them. Static files are served by WhiteNoise, which sits
    before this middleware and keeps its own long caching. A stricter policy a view sets (e.g.
    ``never_cache``) stays: the directives are added, not replaced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


class RefuseNulBytesMiddleware:
    """A 400 (Dutch page) for a NUL byte anywhere in the path, the query or the form data.

    No form or lookup needs one, and PostgreSQL cannot store it: a query parameter with ``%00``
    would make the access log of a list page fail with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return bad_request(request, exception=None)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info or NUL in request.path:
        return True
    parts = [request.GET]
    if request.method == "POST":
        parts.append(request.POST)
    if any(_nul_in(query.lists()) for query in parts):
        return True
    return request.method == "POST" and any(
        NUL in name or NUL in (upload.name or "")
        for name, uploads in request.FILES.lists()
        for upload in uploads
    )


def _nul_in(items: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in items)
