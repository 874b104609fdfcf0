import django_tables2 as tables

NOWRAP = "nowrap"


class BaseTable(tables.Table):
    """Project table: our accessible template, 25 rows a page, Dutch empty text.

    Dates never break across lines ("17-10-" above "2026" reads as two values); name other
    columns that must stay on one line, such as pupil numbers, in ``nowrap_columns``.
    """

    nowrap_columns: tuple[str, ...] = ()

    class Meta:
        template_name = "components/table.html"
        attrs = {"class": "table"}
        per_page = 25
        empty_text = "Er is nog niets om te tonen."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.columns:  # columns are copied per table: this changes no other table
            column = bound.column
            if isinstance(column, tables.DateColumn | tables.DateTimeColumn) or (
                bound.name in self.nowrap_columns
            ):
                column.attrs = {**column.attrs, "td": _with_class(column.attrs.get("td"), NOWRAP)}


def _with_class(attrs: dict | None, name: str) -> dict:
    attrs = dict(attrs or {})
    classes = str(attrs.get("class", "")).split()
    attrs["class"] = " ".join(classes if name in classes else [*classes, name])
    return attrs
