"""Import and export of schools (columns ``brin,naam,soort,gemeente,bestuur``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources

from .models import BRIN_RE, School, SchoolKind, Tenant, normalize_brin

SCHOOL_COLUMNS = ["brin", "naam", "soort", "gemeente", "bestuur"]


class SchoolResource(resources.ModelResource):
    brin = fields.Field(attribute="brin", column_name="brin")
    naam = fields.Field(attribute="name", column_name="naam")
    soort = fields.Field(attribute="kind", column_name="soort")
    gemeente = fields.Field(attribute="municipality", column_name="gemeente")
    bestuur = fields.Field(attribute="board", column_name="bestuur")

    class Meta:
        model = School
        import_id_fields = ("brin",)
        fields = ("brin", "naam", "soort", "gemeente", "bestuur")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False  # our own Dutch checks in before_import_row

    def __init__(self, *, tenant: Tenant) -> None:
        super().__init__()
        self.tenant = tenant
        self._seen: dict[str, int] = {}

    def get_queryset(self):
        return School.objects.filter(tenant=self.tenant)

    def before_import_row(self, row, **kwargs) -> None:
        for column in SCHOOL_COLUMNS:
            row[column] = str(row.get(column) or "").strip()
        row["brin"] = normalize_brin(row["brin"])
        row["soort"] = row["soort"].lower()
        errors = self._row_errors(row, kwargs.get("row_number"))
        if errors:
            raise ValidationError(errors)

    def _row_errors(self, row: dict, row_number: int | None) -> list[str]:
        errors = []
        brin = row["brin"]
        if not brin:
            errors.append("BRIN ontbreekt")
        elif not BRIN_RE.match(brin):
            errors.append(
                f"BRIN {brin!r} is ongeldig: verwacht twee cijfers, twee letters en eventueel "
                "twee cijfers voor de vestiging (bijvoorbeeld 14PS03)"
            )
        elif brin in self._seen:
            errors.append(f"BRIN {brin} staat ook al op regel {self._seen[brin] + 1}")
        else:
            self._seen[brin] = row_number or 0
        if not row["naam"]:
            errors.append("naam ontbreekt")
        elif len(row["naam"]) > 200:
            errors.append("naam is langer dan 200 tekens")
        if row["soort"] not in SchoolKind.values:
            errors.append(
                f"onbekende soort {row['soort']!r}; kies uit: {', '.join(SchoolKind.values)}"
            )
        for column, limit in (("gemeente", 100), ("bestuur", 200)):
            if len(row[column]) > limit:
                errors.append(f"{column} is langer dan {limit} tekens")
        return errors

    def before_save_instance(self, instance: School, row, **kwargs) -> None:
        instance.tenant = self.tenant
