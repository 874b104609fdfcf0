from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.choose_tenant, name="choose_tenant"),
    path("<tenant:tenant_code>/", views.TenantHomeView.as_view(), name="tenant_home"),
]
