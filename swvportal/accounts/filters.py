import django_filters

from .models import Membership, Role


class MemberFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label="Rol", choices=Role.choices, empty_label="Alle rollen")

    class Meta:
        model = Membership
        fields = ["role"]
