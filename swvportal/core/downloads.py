"""A file the browser saves (an export, a template): one response shape for every app."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a download named ``filename``; never kept in a shared cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
