from swvportal.core.views_list import TenantListView

from .filters import MemberFilter
from .selectors import member_list
from .tables import MemberTable


class MemberListView(TenantListView):
    capability = "accounts.view_members"
    table_class = MemberTable
    filterset_class = MemberFilter
    page_title = "Gebruikers"
    intro = "Wie toegang heeft tot dit samenwerkingsverband, en met welke rol."

    def get_queryset(self):
        return member_list(tenant=self.tenant)
