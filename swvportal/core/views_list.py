"""The list page pattern: a django-filter form above a sortable, paged django-tables2 table.

The table body is a partial (``components/list_page.html#results``), so htmx can swap it when a
filter changes; without JavaScript the form submits as a normal GET.
"""

from __future__ import annotations

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

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
