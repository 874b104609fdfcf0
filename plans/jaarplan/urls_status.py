"""URLs of the jaarplan's part "status" (composed in ``plans.jaarplan.urls``)."""

urlpatterns: list = []
