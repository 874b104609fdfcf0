import django_tables2 as tables
from auditlog.models import LogEntry

from swvportal.core.tables import BaseTable

from .models import AuditEntry

ACTION_LABELS = {
    LogEntry.Action.CREATE: "aangemaakt",
    LogEntry.Action.UPDATE: "gewijzigd",
    LogEntry.Action.DELETE: "verwijderd",
    LogEntry.Action.ACCESS: "ingezien",
}


class AuditEntryTable(BaseTable):
    timestamp = tables.DateTimeColumn(
        verbose_name="Tijdstip", format="d-m-Y H:i", attrs={"td": {"class": "nowrap"}}
    )
    actor = tables.Column(verbose_name="Wie", default="systeem")
    action = tables.Column(verbose_name="Actie")
    content_type = tables.Column(verbose_name="Soort gegeven", accessor="content_type__name")
    object_repr = tables.Column(verbose_name="Gegeven")
    # changes_dict, not changes_display_dict: the latter looks up every foreign key per row.
    changes = tables.Column(verbose_name="Wijzigingen", accessor="changes_dict", orderable=False)

    class Meta(BaseTable.Meta):
        model = AuditEntry
        fields = ["timestamp", "actor", "action", "content_type", "object_repr", "changes"]
        order_by = "-timestamp"
        empty_text = "Er is nog niets gewijzigd of ingezien."

    def render_action(self, value, record):
        return ACTION_LABELS.get(record.action, value)

    def render_changes(self, value, record):
        if not value:
            return "—"
        model = record.content_type.model_class()
        return "; ".join(
            f"{_label(model, field)}: {' → '.join(_readable(v) for v in change)}"
            for field, change in value.items()
            if isinstance(change, list | tuple)
        )


def _label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:  # a field that no longer exists on the model
        return field


def _readable(value: object) -> str:
    """auditlog stores values as strings; show the empty and boolean ones in Dutch."""
    return {"None": "(leeg)", "": "(leeg)", "True": "ja", "False": "nee"}.get(
        str(value), str(value)
    )
