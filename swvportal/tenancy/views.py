from django.views.generic import DetailView

from swvportal.core.mixins import TenantPageMixin, get_visible_or_404
from swvportal.core.views_list import TenantListView

from .filters import SchoolFilter
from .selectors import school_list
from .tables import SchoolTable


class SchoolListView(TenantListView):
    capability = "tenancy.view_schools"
    table_class = SchoolTable
    filterset_class = SchoolFilter
    page_title = "Scholen"
    intro = "De scholen die bij dit samenwerkingsverband horen."

    def get_queryset(self):
        return school_list().select_related("tenant")


class SchoolDetailView(TenantPageMixin, DetailView):
    capability = "tenancy.view_schools"
    template_name = "tenancy/school_detail.html"
    context_object_name = "school"

    def get_object(self, queryset=None):
        return get_visible_or_404(
            self.request,
            school_list(),
            self.kwargs["school_id"],
            self.capability,
            school_field="pk",
        )
