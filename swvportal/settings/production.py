"""Production: exactly ``base``. Every difference from development comes from the environment."""

from .base import *  # noqa: F403
