"""What the pupil records add to the platform's registries (autodiscovered by core)."""

from . import calculations  # noqa: F401  (registers the dashboard's calculations over our data)
