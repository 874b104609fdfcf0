import django_filters

from .models import Plan, PlanStatus


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=PlanStatus.choices, empty_label="Alle statussen"
    )

    class Meta:
        model = Plan
        fields = ["status"]
