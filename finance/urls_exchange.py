"""URLs of part "exchange" (composed in ``finance.urls``): Excel and JSON out and in."""

urlpatterns: list = []
