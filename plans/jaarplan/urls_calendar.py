"""URLs of the jaarplan's part "calendar" (composed in ``plans.jaarplan.urls``)."""

urlpatterns: list = []
