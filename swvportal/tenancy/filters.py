import django_filters
from django.db.models import Q

from .models import School, SchoolKind


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Zoeken", method="search", help_text="Naam, BRIN, gemeente of bestuur"
    )
    kind = django_filters.ChoiceFilter(
        label="Soort", choices=SchoolKind.choices, empty_label="Alle soorten"
    )

    class Meta:
        model = School
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(brin__icontains=value)
            | Q(municipality__icontains=value)
            | Q(board__icontains=value)
        )
