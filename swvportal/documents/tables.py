import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from swvportal.core.tables import BaseTable

from . import registry
from .models import IssuedDocument
from .registry import Archive
from .services import document_url


class DocumentTable(BaseTable):
    title = tables.Column(verbose_name="Titel")
    kind = tables.Column(verbose_name="Soort")
    subject = tables.Column(
        verbose_name="Versie of peildatum", accessor="pk", order_by=("version_label", "peildatum")
    )
    created_at = tables.DateTimeColumn(verbose_name="Gemaakt op", format="d-m-Y H:i")
    sha256 = tables.Column(verbose_name="SHA-256", orderable=False)
    size = tables.Column(verbose_name="Grootte")
    download = tables.Column(verbose_name="Bestand", accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = IssuedDocument
        fields = ["title", "kind", "subject", "created_at", "sha256", "size", "download"]
        empty_text = "Er zijn nog geen documenten die u kunt downloaden."

    def render_kind(self, value, record: IssuedDocument):
        document_type = registry.get(record.kind)
        label = registry.label_of(record.kind)
        if record.archived:
            return f"{label} (gearchiveerd)"
        if document_type and document_type.archive is Archive.ONCE_PER_SUBJECT:
            return f"{label} ({document_type.draft_note})"
        return label

    def render_subject(self, record: IssuedDocument):
        if record.version_label:
            return f"versie {record.version_label}"
        return f"{record.peildatum:%d-%m-%Y}" if record.peildatum else "—"

    def render_sha256(self, value):
        return format_html('<code title="{}">{}…</code>', value, value[:12])

    def render_size(self, value):
        return filesizeformat(value)

    def render_download(self, record: IssuedDocument):
        url = document_url(record)
        return format_html(
            '<a href="{}" download>Downloaden<span class="visually-hidden"> {}</span></a>',
            url,
            record.title,
        )
