"""The Loket's forecast on a begroting version's page (part "reports", panel order 40): for each
line with a forecast, per year the budget, the forecast from the TLVs in force on the peildatum
and the difference. For ``finance.view_reports`` (bestuurder, toezicht): counts and euros only,
never a pupil."""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.accounts.permissions import can

from ..models import Begroting
from ..reports import begroting_forecast
from ..selectors import VIEW_REPORTS
from .panels import panel


@panel(order=40, template="finance/reports/_forecast_panel.html")
def forecast(http_request: HttpRequest, begroting: Begroting, can_write: bool) -> dict | None:
    if not can(http_request.membership, VIEW_REPORTS):
        return None
    lines = begroting_forecast(begroting=begroting)
    if not lines:
        return None
    return {"forecast_lines": lines, "years": begroting.years}
