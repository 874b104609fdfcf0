"""Views of the app: pupil records (thuiszitters, OPPs) here; the Loket's in ``loket_*``."""

from .pupils import *  # noqa: F403
