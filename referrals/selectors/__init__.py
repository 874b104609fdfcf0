"""Selectors of the app: pupil records (thuiszitters, OPPs) and the Loket."""

# The TLVs in force on a peildatum, priced at a year's amounts: the begroting's forecast.
from .loket_forecast import (  # noqa: F401
    CARRIED_BY_SCHOOL,
    CARRIED_BY_SWV,
    VSO,
    ForecastGroup,
    TlvsInForce,
    loket_forecast,
    tlvs_in_force_on,
)

# The Loket's costs per school and category: read by the budget and the vangnet (finance).
from .loket_register import TlvCost, tlv_costs  # noqa: F401

# The Loket's TLV counts and category amounts for the vangnet (finance, Bijlage 2).
from .loket_vangnet import (  # noqa: F401
    SPECIAL_SCHOOL_KINDS,
    VangnetPeildata,
    VangnetTlvCount,
    vangnet_amounts,
    vangnet_tlv_counts,
)
from .pupils import *  # noqa: F403
