"""Part "trends": the overview and the trends (placeholder until the part is built)."""

from django.views.generic import TemplateView

from swvportal.core.mixins import TenantPageMixin

from ..selectors import VIEW_TRENDS


class OverviewView(TenantPageMixin, TemplateView):
    capability = VIEW_TRENDS
    template_name = "steunpunt/overview.html"
