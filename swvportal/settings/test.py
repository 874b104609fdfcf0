"""The test suite: the same settings as production, with laptop-safe defaults and fast hashing."""

import os

for _name, _value in {
    "SECRET_KEY": "test-only-not-secret-0b1c2d3e4f5a6b7c",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
}.items():
    os.environ.setdefault(_name, _value)

from .base import *  # noqa: E402, F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests do not run collectstatic; the manifest storage would fail on a missing manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Dossier files written by the tests go to a directory of this run, never into var/private.
import tempfile  # noqa: E402

PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="swvportal-private-")
STORAGES["private"] = {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}}
