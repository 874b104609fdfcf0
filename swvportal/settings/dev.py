"""Local use: ``make demo`` and ``manage.py runserver``. Safe defaults for a laptop, put in the
environment first.

The demo shows what users see: DEBUG is off, so a missing page is the Dutch 404 page and not
Django's debug page with the URL patterns (``DEBUG=true`` for a developer who wants that), and
static files come through WhiteNoise, as in production.
"""

import os

for _name, _value in {
    "SECRET_KEY": "dev-only-not-secret-6f2c1e0b9a8d4f7e",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",  # the demo is plain http on 127.0.0.1
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
}.items():
    os.environ.setdefault(_name, _value)

from .base import *  # noqa: E402, F403
from .base import STORAGES  # noqa: E402

# WhiteNoise serves static/ and the apps' static files straight from where they are, so the demo
# needs no collectstatic and never serves an outdated copy; AUTOREFRESH re-reads a file that was
# edited while the server runs. Production serves the collected, hashed files (Dockerfile).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
