"""URLs of part "status" (composed in ``finance.urls``): the approval trail, adoption, new
versions and the comparison of two versions."""

urlpatterns: list = []
