"""A file storage without URLs, for files about pupils (``STORAGES["private"]``)."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files on disk outside ``MEDIA_ROOT`` that no URL points to.

    ``url()`` refuses, so no template or serializer can link to such a file by accident: a
    file is read only through a view that checks access and logs the read.
    """

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Bestanden in de afgeschermde opslag hebben geen adres; lees ze via de view die "
            "de toegang controleert."
        )
