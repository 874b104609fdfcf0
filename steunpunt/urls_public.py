"""The public form under ``/<code>/steunpunt/`` (namespace ``steunpunt_public``): no login
(``tenancy.middleware.PUBLIC_TENANT_PARAM``). Part "public"."""

app_name = "steunpunt_public"

urlpatterns: list = []
