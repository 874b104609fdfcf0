import django_tables2 as tables


class BaseTable(tables.Table):
    """Project table: our accessible template, 25 rows a page, Dutch empty text."""

    class Meta:
        template_name = "components/table.html"
        attrs = {"class": "table"}
        per_page = 25
        empty_text = "Er is nog niets om te tonen."
