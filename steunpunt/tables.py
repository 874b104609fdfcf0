"""The steunpunt's lists (django-tables2): part "contacts" has the contacts table."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from swvportal.core.tables import BaseTable

from . import rules
from .models import Contact


class ContactTable(BaseTable):
    """The contacts of the steunpunt: no free text in the list, only what they are about."""

    reference = tables.Column(verbose_name="Contact", accessor="pk", order_by=("pk",))
    received_on = tables.DateColumn(verbose_name="Datum", format="d-m-Y")
    channel = tables.Column(verbose_name="Kanaal")
    asker = tables.Column(verbose_name="Wie")
    school = tables.Column(verbose_name="School", order_by=("school__name",), default="–")
    themes = tables.Column(verbose_name="Thema's", accessor="pk", orderable=False)
    is_signal = tables.Column(verbose_name="Signaal", order_by=("is_signal", "trend__title"))
    follow_up_by = tables.DateColumn(verbose_name="Vervolg uiterlijk", default="–")
    closed_on = tables.Column(verbose_name="Status", order_by=("-closed_on",))

    nowrap_columns = ("reference",)

    class Meta(BaseTable.Meta):
        model = Contact
        fields = [
            "reference",
            "received_on",
            "channel",
            "asker",
            "school",
            "themes",
            "is_signal",
            "follow_up_by",
            "closed_on",
        ]
        order_by = ("-received_on",)
        empty_text = "Er zijn nog geen contacten. Leg een contact vast met 'Nieuw contact'."

    def __init__(self, *args, tenant_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant_code = tenant_code
        self.today = timezone.localdate()

    def render_reference(self, record: Contact) -> str:
        url = reverse(
            "steunpunt:contact_detail",
            kwargs={"tenant_code": self.tenant_code, "contact_id": record.pk},
        )
        return format_html('<a href="{}">{}</a>', url, record.reference)

    def render_school(self, record: Contact) -> str:
        return record.school.name

    def render_themes(self, record: Contact) -> str:
        names = [t.name for t in record.themes.all()]  # prefetched: no query per row
        if not names:
            return "–"
        return format_html_join(", ", "{}", ((name,) for name in names))

    def render_is_signal(self, record: Contact) -> str:
        if not record.is_signal:
            return "Nee"
        if record.trend_id:
            return format_html("Ja, trend: {}", record.trend.title)
        return "Ja"

    def render_follow_up_by(self, record: Contact, value) -> str:
        if not record.follow_up_needed:
            return "–"
        overdue = rules.follow_up_overdue(
            needed=True, by=value, closed_on=record.closed_on, today=self.today
        )
        late = mark_safe(' <span class="badge badge-warning">te laat</span>') if overdue else ""
        return format_html("{}{}", value.strftime("%d-%m-%Y"), late)

    def render_closed_on(self, record: Contact) -> str:
        if record.closed_on is None:
            return mark_safe('<span class="status status--contact-open">Open</span>')
        return format_html(
            '<span class="status status--contact-closed">Afgesloten</span> {}',
            record.closed_on.strftime("%d-%m-%Y"),
        )
