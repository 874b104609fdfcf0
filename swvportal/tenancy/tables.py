import django_tables2 as tables

from swvportal.core.tables import BaseTable

from .models import School


class SchoolTable(BaseTable):
    name = tables.LinkColumn(
        "tenancy:school_detail",
        verbose_name="Naam",
        args=[tables.A("tenant__code"), tables.A("pk")],
    )

    class Meta(BaseTable.Meta):
        model = School
        fields = ["name", "brin", "kind", "municipality", "board"]
        empty_text = "Er zijn nog geen scholen. Een beheerder voegt ze toe met import_schools."
