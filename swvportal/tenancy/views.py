from django.views.generic import DetailView

from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from .access import get_school_for_user
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
        school, _ = get_school_for_user(self.request, self.kwargs["school_id"])
        return school
