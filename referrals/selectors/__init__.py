"""Selectors of the app: pupil records (thuiszitters, OPPs) and the Loket."""

# The Loket's costs per school and category: read by the budget and the vangnet (finance).
from .loket_register import TlvCost, tlv_costs  # noqa: F401
from .pupils import *  # noqa: F403
