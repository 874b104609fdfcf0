"""URLs of the jaarplan's part "pages" (composed in ``plans.jaarplan.urls``)."""

urlpatterns: list = []
