import django_filters
from auditlog.models import LogEntry

from .models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label="Actie",
        choices=[
            (LogEntry.Action.CREATE, "aangemaakt"),
            (LogEntry.Action.UPDATE, "gewijzigd"),
            (LogEntry.Action.DELETE, "verwijderd"),
            (LogEntry.Action.ACCESS, "ingezien"),
        ],
        empty_label="Alle acties",
    )
    since = django_filters.DateFilter(
        label="Vanaf (dd-mm-jjjj)", field_name="timestamp", lookup_expr="date__gte"
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "since"]
