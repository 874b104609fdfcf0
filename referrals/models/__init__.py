"""The app's models: pupil records (thuiszitters, OPPs) and the Loket (TLV requests)."""

from .loket import *  # noqa: F403
from .pupils import *  # noqa: F403
