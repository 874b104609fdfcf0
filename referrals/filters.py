import django_filters
from django.db.models import Q

from .models import AbsenceKind, AbsenceRegistration, OppRegistration, Partner


class _SchoolFilterMixin(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=None, empty_label="Alle scholen"
    )
    pupil = django_filters.CharFilter(
        label="Leerlingnummer", field_name="pupil__pupil_number", lookup_expr="icontains"
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools


class AbsenceFilter(_SchoolFilterMixin):
    kind = django_filters.ChoiceFilter(
        label="Soort", choices=AbsenceKind.choices, empty_label="Alle soorten"
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        method="filter_status",
        empty_label="Open en afgesloten",
        choices=[("open", "Open"), ("afgesloten", "Afgesloten")],
    )
    partner = django_filters.ChoiceFilter(
        label="Met partner", choices=Partner.choices, method="filter_partner", empty_label="Alle"
    )

    class Meta:
        model = AbsenceRegistration
        fields = ["school", "pupil", "kind", "status", "partner"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(end_date__isnull=value == "open")

    def filter_partner(self, queryset, name, value):
        # partners is a small JSON list; a containment test works on SQLite and PostgreSQL.
        return queryset.filter(Q(partners__icontains=f'"{value}"'))


class OppFilter(_SchoolFilterMixin):
    signed = django_filters.ChoiceFilter(
        label="Ondertekend",
        method="filter_signed",
        empty_label="Alle",
        choices=[("ja", "Ondertekend"), ("nee", "Nog niet ondertekend")],
    )

    class Meta:
        model = OppRegistration
        fields = ["school", "pupil", "signed"]

    def filter_signed(self, queryset, name, value):
        return queryset.filter(signed_on__isnull=value == "nee")
