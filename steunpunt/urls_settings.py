"""URLs of part "settings" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

urlpatterns: list = []
