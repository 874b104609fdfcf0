from __future__ import annotations

import pytest

from tests.conftest import eager_tasks  # noqa: F401  (fixture)


@pytest.fixture
def media(settings, tmp_path):
    """Files go to a temporary MEDIA_ROOT, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
