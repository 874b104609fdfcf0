import django_tables2 as tables

from swvportal.core.tables import BaseTable

from .models import AuditEntry


class AuditEntryTable(BaseTable):
    timestamp = tables.DateTimeColumn(verbose_name="Tijdstip", format="d-m-Y H:i")
    actor = tables.Column(verbose_name="Wie", default="systeem")
    action = tables.Column(verbose_name="Actie")
    content_type = tables.Column(verbose_name="Soort gegeven", accessor="content_type__name")
    object_repr = tables.Column(verbose_name="Gegeven")
    changes = tables.Column(
        verbose_name="Wijzigingen", accessor="changes_display_dict", orderable=False
    )

    class Meta(BaseTable.Meta):
        model = AuditEntry
        fields = ["timestamp", "actor", "action", "content_type", "object_repr", "changes"]
        order_by = "-timestamp"
        empty_text = "Er is nog niets gewijzigd of ingezien."

    def render_changes(self, value):
        if not value:
            return "—"
        return "; ".join(f"{field}: {' → '.join(map(str, v))}" for field, v in value.items())
