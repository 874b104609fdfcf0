"""django-axes needs to know which account a failed login was for."""

from __future__ import annotations

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict | None = None) -> str:
    """allauth authenticates with ``email``; its login form posts the address as ``login``."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
    return (value or "").strip().lower()
