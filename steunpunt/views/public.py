"""The public form for parents and young people (part "public"): no login, no membership.

``tenancy.middleware`` lets these URLs through (``public_tenant_code``), sets ``request.tenant``
and opens its scope; an unknown code is a 404 there. Plain views, not ``TenantPageMixin``.

The order of the checks on a POST: the body's size (before anything reads it, so the CSRF check
is this view's own, after that), the form being open, the rate limit (every post counts, also a
bot's), then the form. A filled honeypot looks accepted and stores nothing.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect, ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods

from .. import public
from ..forms_public import PublicQuestionForm

TEMPLATES = "steunpunt/public/"


def _context(request: HttpRequest, **extra) -> dict:
    tenant = request.tenant
    extra.setdefault("form_settings", None)
    extra["form_settings"] = extra["form_settings"] or public.form_settings(tenant)
    return {"tenant": tenant, **extra}


def _page(request: HttpRequest, name: str, status: int = HTTPStatus.OK, **extra) -> HttpResponse:
    return render(request, TEMPLATES + name, _context(request, **extra), status=status)


@csrf_protect
@ensure_csrf_cookie
def _question(request: HttpRequest, public_tenant_code: str) -> HttpResponse:
    tenant = request.tenant
    settings_row = public.form_settings(tenant)
    if not settings_row.form_open:
        status = HTTPStatus.OK if request.method == "GET" else HTTPStatus.FORBIDDEN
        return _page(request, "closed.html", status=status, form_settings=settings_row)
    if request.method == "POST":
        if not public.rate_limit_consume(request, tenant):
            return _page(
                request,
                "too_many.html",
                status=HTTPStatus.TOO_MANY_REQUESTS,
                form_settings=settings_row,
            )
        form = PublicQuestionForm(request.POST, tenant=tenant)
        if form.is_bot:
            return redirect("steunpunt_public:thanks", public_tenant_code=tenant.code)
        if form.is_valid():
            public.submission_create(
                tenant=tenant,
                asker=form.cleaned_data["asker"],
                message=form.cleaned_data["message"],
                school=form.cleaned_data["school"],
                theme=form.cleaned_data["theme"],
                callback=form.callback_data(),
            )
            return redirect("steunpunt_public:thanks", public_tenant_code=tenant.code)
        form.mark_errors()
        status = HTTPStatus.UNPROCESSABLE_ENTITY
    else:
        form, status = PublicQuestionForm(tenant=tenant), HTTPStatus.OK
    return _page(request, "question.html", status=status, form=form, form_settings=settings_row)


@csrf_exempt  # checked by ``_question`` itself, after the size check (the check reads the body)
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, public_tenant_code: str) -> HttpResponse:
    if request.method == "POST" and public.body_too_large(request):
        return _page(
            request,
            "too_large.html",
            status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            limit_kb=public.MAX_BODY_BYTES // 1024,
            form_url=reverse("steunpunt_public:question", args=[public_tenant_code]),
        )
    return _question(request, public_tenant_code)


@require_GET
def thanks(request: HttpRequest, public_tenant_code: str) -> HttpResponse:
    return _page(request, "thanks.html")
