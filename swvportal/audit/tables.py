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

# Set by the system on every save; listing them buries what a person changed.
BOOKKEEPING_FIELDS = {"id", "tenant", "created_at", "password", "last_login"}


def is_sensitive(record: AuditEntry) -> bool:
    """Entries about pupil data (models with ``audit_sensitive = True``)."""
    return getattr(record.content_type.model_class(), "audit_sensitive", False)


class AuditEntryTable(BaseTable):
    """The log as a table. Values of pupil data are shown only with ``reveal_sensitive``: the
    tenant-wide log names what changed, not the contents; a record's own access log (which
    logs that it was read) shows them."""

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

    def __init__(self, *args, reveal_sensitive: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reveal_sensitive = reveal_sensitive

    def _hidden(self, record: AuditEntry) -> bool:
        return not self.reveal_sensitive and is_sensitive(record)

    def render_object_repr(self, value, record):
        return "(leerlinggegevens)" if self._hidden(record) else value

    def render_action(self, value, record):
        return ACTION_LABELS.get(record.action, value)

    def render_changes(self, value, record):
        model = record.content_type.model_class()
        parts = []
        for field, change in (value or {}).items():
            if (
                field in BOOKKEEPING_FIELDS
                or not isinstance(change, list | tuple)
                or _is_reverse_relation(model, field)
            ):
                continue
            if self._hidden(record):
                parts.append(_label(model, field))
            elif record.action == LogEntry.Action.CREATE:  # "(leeg) → x" says nothing new
                parts.append(f"{_label(model, field)}: {_readable(change[-1])}")
            else:
                parts.append(f"{_label(model, field)}: {' → '.join(map(_readable, change))}")
        return "; ".join(parts) or "—"


def _is_reverse_relation(model, field: str) -> bool:
    """auditlog lists a new object's reverse relations (a pupil's 'opps'): not a change."""
    try:
        return not model._meta.get_field(field).concrete
    except Exception:  # a field that no longer exists on the model
        return False


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
