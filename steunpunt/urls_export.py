"""URLs of part "export" (namespace ``steunpunt``, under ``/<tenant>/steunpunt/``)."""

urlpatterns: list = []
