import django_tables2 as tables
from auditlog.models import LogEntry

from swvportal.core.tables import BaseTable

from .display import EMPTY, HIDDEN, ValueFormatter, field_label, field_of, object_label
from .models import ACTION_LABELS, AuditEntry

# Set by the system on every save; listing them buries what a person changed.
BOOKKEEPING_FIELDS = {"id", "uid", "tenant", "created_at", "password", "last_login"}
M2M_OPERATIONS = {"add": "toegevoegd", "delete": "verwijderd"}


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
        self._formatter: ValueFormatter | None = None

    @property
    def formatter(self) -> ValueFormatter:
        # Built at the first cell, when the page is known: its names are looked up in bulk.
        if self._formatter is None:
            records = [row.record for row in self.paginated_rows]
            self._formatter = ValueFormatter(records, reveal_sensitive=self.reveal_sensitive)
        return self._formatter

    def _hidden(self, record: AuditEntry) -> bool:
        return not self.reveal_sensitive and is_sensitive(record)

    def render_object_repr(self, value, record):
        return HIDDEN if self._hidden(record) else object_label(record)

    def render_action(self, value, record):
        return ACTION_LABELS.get(record.action, value)

    def render_changes(self, value, record):
        model = record.content_type.model_class()
        parts = []
        for field, change in (value or {}).items():
            if field in BOOKKEEPING_FIELDS or _is_reverse_relation(model, field):
                continue
            label = field_label(model, field)
            if self._hidden(record):
                parts.append(label)
            elif isinstance(change, dict) and change.get("type") == "m2m":
                parts.append(_m2m(label, change))
            elif not isinstance(change, list | tuple):
                continue
            elif record.action == LogEntry.Action.CREATE:  # "(leeg) → x" says nothing new
                shown = self.formatter.value(model, field, change[-1])
                if shown != EMPTY:  # nor does each field left empty
                    parts.append(f"{label}: {shown}")
            else:
                values = (self.formatter.value(model, field, v) for v in change)
                parts.append(f"{label}: {' → '.join(values)}")
        return "; ".join(parts) or "—"


def _m2m(label: str, change: dict) -> str:
    operation = M2M_OPERATIONS.get(change.get("operation"), "gewijzigd")
    return f"{label} {operation}: {', '.join(map(str, change.get('objects', [])))}"


def _is_reverse_relation(model, field: str) -> bool:
    """auditlog lists a new object's reverse relations (a pupil's 'opps'): not a change."""
    found = field_of(model, field)
    return found is not None and not found.concrete
