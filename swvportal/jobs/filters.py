import django_filters

from .models import Job


class JobFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Job.Status.choices, empty_label="Alle statussen"
    )

    class Meta:
        model = Job
        fields = ["status"]
