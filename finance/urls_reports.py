"""URLs of part "reports" (composed in ``finance.urls``): realisation, managementrapportage and
the Loket's forecast."""

urlpatterns: list = []
