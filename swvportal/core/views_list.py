"""The list page pattern: a django-filter form above a sortable, paged django-tables2 table.

The table body is a partial (``components/list_page.html#results``), so htmx can swap it when a
filter changes; without JavaScript the form submits as a normal GET.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from swvportal.audit.services import log_read

from .mixins import TenantPageMixin


class TenantListView(TenantPageMixin, SingleTableMixin, FilterView):
    template_name = "components/list_page.html"
    page_title = ""
    intro = ""
    paginate_by = 25

    def get_template_names(self) -> list[str]:
        if self.request.htmx and not self.request.htmx.boosted:
            # A page that extends list_page.html inherits its blocks, not its partials: fall
            # back to the shared partial, so a new list cannot answer htmx with a 500.
            return [f"{self.template_name}#results", f"{TenantListView.template_name}#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, intro=self.intro, **kwargs)


class LoggedListView(TenantListView):
    """A list of pupil data: each page shown writes one read in the log, with how many rows
    the list holds and its filters (the page number aside). ``read_what`` names the list;
    ``read_subject`` is what the entry hangs on (the tenant, or the school filtered on)."""

    read_what = ""

    def read_subject(self) -> Model:
        return self.tenant

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        table = response.context_data["table"]
        log_read(
            request,
            self.read_subject(),
            what=self.read_what,
            count=table.paginator.count if table.paginator else len(table.rows),
            filters={k: v for k, v in request.GET.items() if k != "page"},
        )
        return response
