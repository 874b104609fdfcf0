from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import DetailView

from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from .access import get_job_for_retry, get_job_for_user
from .filters import JobFilter
from .selectors import job_list
from .services import job_retry
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
    """The job's status; while it runs, htmx polls the ``status`` partial every second.

    A POST queues a failed or stuck job again ("Opnieuw proberen"), for whoever sees the job
    and may start its kind.
    """

    capability = "jobs.view_job"
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        job, self.may_retry = get_job_for_user(self.request, self.kwargs["job_id"])
        return job

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_retry"] = self.may_retry
        return context

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#status"]
        return [self.template_name]

    def post(self, request, *args, **kwargs):
        job = get_job_for_retry(request, kwargs["job_id"])
        self.may_retry = True  # for the status partial rendered below
        error = ""
        try:
            job = job_retry(job=job)
        except ValidationError as exc:  # it runs again or finished meanwhile: change nothing
            error = " ".join(exc.messages)
        if request.htmx:
            self.object = job
            context = {**self.get_context_data(), "retry_error": error}
            return render(request, self.get_template_names()[0], context)
        if error:
            messages.error(request, error)
        url = reverse("jobs:job_detail", kwargs={"tenant_code": self.tenant.code, "job_id": job.pk})
        return redirect(url)
