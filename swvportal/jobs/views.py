from django.views.generic import DetailView

from swvportal.core.mixins import TenantPageMixin, get_visible_or_404
from swvportal.core.views_list import TenantListView

from .filters import JobFilter
from .models import Job
from .selectors import job_list
from .tables import JobTable


class JobListView(TenantListView):
    capability = "jobs.view_job"
    table_class = JobTable
    filterset_class = JobFilter
    page_title = "Achtergrondtaken"
    intro = "Berekeningen en exports lopen op de achtergrond; hier ziet u hoe ver ze zijn."

    def get_queryset(self):
        return job_list(membership=self.membership).select_related("tenant")


class JobDetailView(TenantPageMixin, DetailView):
    """The job's status; while it runs, htmx polls the ``status`` partial every second."""

    capability = "jobs.view_job"
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return get_visible_or_404(
            self.request, Job.objects.all(), self.kwargs["job_id"], self.capability
        )

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#status"]
        return [self.template_name]
