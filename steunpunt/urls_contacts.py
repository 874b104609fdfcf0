"""URLs of part "contacts" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

urlpatterns: list = []
