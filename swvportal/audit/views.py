from swvportal.core.views_list import TenantListView

from .filters import AuditEntryFilter
from .selectors import audit_entries
from .tables import AuditEntryTable


class AuditEntryListView(TenantListView):
    capability = "audit.view_log"
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilter
    page_title = "Logboek"
    intro = "Alle wijzigingen en inzages van gegevens binnen dit samenwerkingsverband."

    def get_queryset(self):
        return audit_entries(tenant=self.tenant)
