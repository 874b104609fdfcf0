"""URLs. Everything of a tenant lives under ``/<tenant_code>/`` (see ``tenancy.middleware``)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, register_converter

from swvportal.core.views import healthz
from swvportal.tenancy.converters import TenantCodeConverter

register_converter(TenantCodeConverter, "tenant")

# The admin logs in through allauth, so lockout and the second factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "SWV Portaal — platformbeheer"
admin.site.site_title = "SWV Portaal"

tenant_patterns = [
    path("scholen/", include("swvportal.tenancy.urls")),
    path("gebruikers/", include("swvportal.accounts.urls")),
    path("logboek/", include("swvportal.audit.urls")),
    path("taken/", include("swvportal.jobs.urls")),
    path("plannen/", include("plans.urls")),
    path("jaarplannen/", include("plans.jaarplan.urls")),
    path("leerlingen/", include("referrals.urls")),
    path("loket/", include("referrals.urls_loket")),
    path("monitoring/", include("monitoring.urls")),
    # The begroting (begroting/) and the vangnet (vangnet/): finance's one namespace.
    path("", include("finance.urls")),
    # The ouder- en jeugdsteunpunt's staff and reading pages.
    path("steunpunt/", include("steunpunt.urls")),
    path("documenten/", include("swvportal.documents.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # The kwaliteitskalender's iCalendar feed: a calendar program fetches it without logging in.
    path("agenda/", include("plans.jaarplan.urls_feed")),
    path("", include("swvportal.core.urls")),
    # A tenant's public pages (no login, tenancy.middleware): the steunpunt's form for parents.
    path("<tenant:public_tenant_code>/steunpunt/", include("steunpunt.urls_public")),
    path("<tenant:tenant_code>/", include(tenant_patterns)),
]
