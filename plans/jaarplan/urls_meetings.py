"""URLs of the jaarplan's part "meetings" (composed in ``plans.jaarplan.urls``)."""

urlpatterns: list = []
