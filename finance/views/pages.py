"""The begroting's pages: the list of versions and one version's table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from ..access import get_begroting_for_user
from ..filters import BegrotingListFilter
from ..selectors import CHANGE, VIEW, VIEW_DRAFT, begroting_list, begroting_table
from ..tables import BegrotingTable
from .panels import panels_for


class BegrotingListView(TenantListView):
    capability = VIEW
    table_class = BegrotingTable
    filterset_class = BegrotingListFilter
    template_name = "finance/pages/begroting_list.html"
    page_title = "Meerjarenbegroting"
    intro = (
        "De meerjarenbegroting per kalenderjaar: baten, verplichte afdrachten en programma's, "
        "met elke versie en haar status."
    )

    def get_queryset(self):
        return begroting_list(membership=self.membership).select_related("tenant")

    def get_table_kwargs(self):
        if self.request.GET.get("status"):
            return {"empty_text": "Er is geen begroting met deze status."}
        if self.can(CHANGE):
            empty = "Er is nog geen begroting. Maak een nieuwe begroting of lees er een in."
        elif self.can(VIEW_DRAFT):
            empty = "Er is nog geen begroting. De bestuurder maakt haar."
        else:
            empty = "Er is nog geen vastgestelde begroting."
        return {"empty_text": empty}


class BegrotingDetailView(TenantPageMixin, View):
    """One version: the table of lines per year with the derived totals, then the panels."""

    capability = VIEW
    template_name = "finance/pages/begroting_detail.html"

    def get(self, request: HttpRequest, begroting_id: int) -> HttpResponse:
        begroting, may_change = get_begroting_for_user(request, begroting_id)
        table = begroting_table(begroting)
        context = {
            "begroting": begroting,
            "table": table,
            "can_change": may_change and begroting.is_editable,
            "panels": panels_for(request, begroting, may_change),
        }
        return render(request, self.template_name, context)
