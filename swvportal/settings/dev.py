"""Local development: ``make demo``. Safe defaults for a laptop, put in the environment first."""

import os

for _name, _value in {
    "SECRET_KEY": "dev-only-not-secret-6f2c1e0b9a8d4f7e",
    "DEBUG": "true",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
}.items():
    os.environ.setdefault(_name, _value)

from .base import *  # noqa: E402, F403
