import django_filters

from .models import ACTION_LABELS, AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label="Actie", choices=list(ACTION_LABELS.items()), empty_label="Alle acties"
    )
    since = django_filters.DateFilter(
        label="Vanaf (dd-mm-jjjj)", field_name="timestamp", lookup_expr="date__gte"
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "since"]
