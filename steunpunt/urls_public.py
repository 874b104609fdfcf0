"""The public form under ``/<code>/steunpunt/`` (namespace ``steunpunt_public``): no login
(``tenancy.middleware.PUBLIC_TENANT_PARAM``). Part "public"."""

from django.urls import path

from .views import public

app_name = "steunpunt_public"

urlpatterns = [
    path("vraag/", public.question, name="question"),
    path("vraag/verzonden/", public.thanks, name="thanks"),
]
