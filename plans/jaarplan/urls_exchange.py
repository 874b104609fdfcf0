"""URLs of the jaarplan's part "exchange" (composed in ``plans.jaarplan.urls``)."""

urlpatterns: list = []
