import django_filters

from . import registry
from .models import IssuedDocument


class DocumentFilter(django_filters.FilterSet):
    # A callable: the registry is filled when the apps are ready, after this module is imported.
    kind = django_filters.ChoiceFilter(
        label="Soort", choices=registry.choices, empty_label="Alle soorten"
    )

    class Meta:
        model = IssuedDocument
        fields = ["kind"]
