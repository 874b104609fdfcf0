"""Services of the app: pupil records (thuiszitters, OPPs) and the Loket."""

from .pupils import *  # noqa: F403
