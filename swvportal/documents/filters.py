import django_filters

from .models import DocumentKind, IssuedDocument


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Soort", choices=DocumentKind.choices, empty_label="Alle soorten"
    )

    class Meta:
        model = IssuedDocument
        fields = ["kind"]
