"""The vangnet's pages (Bijlage 2): the claims, the figures per school."""

from __future__ import annotations

from swvportal.accounts.permissions import visible
from swvportal.core.views_list import TenantListView

from ..filters import ClaimListFilter
from ..models import VangnetClaim
from ..selectors import VIEW_VANGNET
from ..tables import ClaimTable


class VangnetView(TenantListView):
    """The claims this member may see (a zorgcoördinator: their own schools')."""

    capability = VIEW_VANGNET
    table_class = ClaimTable
    filterset_class = ClaimListFilter
    template_name = "finance/vangnet/vangnet.html"
    page_title = "Vangnet"
    intro = (
        "Een school voor speciaal onderwijs die van 2 februari tot 1 juni meer leerlingen met een "
        "TLV kreeg dan van 1 september tot 1 februari, kan een vangnetdeclaratie indienen."
    )

    def get_queryset(self):
        return visible(VangnetClaim.objects.all(), self.membership, VIEW_VANGNET).select_related(
            "tenant", "school"
        )
