import django_tables2 as tables

from swvportal.core.tables import BaseTable

from .models import Job


class JobTable(BaseTable):
    kind = tables.LinkColumn(
        "jobs:job_detail",
        verbose_name="Taak",
        text=lambda job: job.label,
        args=[tables.A("tenant__code"), tables.A("pk")],
    )
    status = tables.Column(verbose_name="Status")
    progress = tables.Column(verbose_name="Voortgang")
    created_by = tables.Column(verbose_name="Gestart door", default="systeem")
    created_at = tables.DateTimeColumn(verbose_name="Gestart op", format="d-m-Y H:i")

    class Meta(BaseTable.Meta):
        model = Job
        fields = ["kind", "status", "progress", "created_by", "created_at"]
        empty_text = "U heeft nog geen achtergrondtaken gestart."

    def render_progress(self, value):
        return f"{value}%"
