import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from swvportal.core.tables import BaseTable

from .models import Membership
from .permissions import CAPABILITIES, NEVER_GRANTED, grantable_to


def short_label(label: str) -> str:
    """A capability's label up to its colon: what a list has room for."""
    return label.split(":", 1)[0]


def granted_labels(membership: Membership) -> list[str]:
    """The labels of what this member was given in person and really has (a grant that is no
    longer grantable, or to toezicht and the inspectie, counts for nothing and is not shown)."""
    offered = {c.name for c in grantable_to(membership)}
    return [
        short_label(c.label)
        for name, c in CAPABILITIES.items()
        if name in membership.granted and name in offered
    ]


class MemberTable(BaseTable):
    name = tables.Column(
        verbose_name="Naam", accessor="user", order_by=("user__last_name", "user__email")
    )
    email = tables.Column(verbose_name="E-mailadres", accessor="user__email")
    role = tables.Column(verbose_name="Rol")
    schools = tables.Column(verbose_name="Scholen", accessor="pk", orderable=False)
    mfa = tables.BooleanColumn(verbose_name="Tweede factor", accessor="has_totp", yesno="ja,nee")
    extra = tables.Column(verbose_name="Extra bevoegdheden", accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = Membership
        fields = ["name", "email", "role", "schools", "mfa", "extra"]
        empty_text = "Er zijn nog geen gebruikers."

    def render_schools(self, record):
        return ", ".join(s.name for s in record.schools.all()) or "—"

    def render_extra(self, record):
        if record.role in NEVER_GRANTED or not grantable_to(record):
            return "—"
        labels = granted_labels(record)
        marker = (
            format_html(
                '<span class="member-extra">extra: {}</span><br>',
                format_html_join("; ", "{}", ((label,) for label in labels)),
            )
            if labels
            else ""
        )
        url = reverse(
            "accounts:member_grants",
            kwargs={"tenant_code": self.request.tenant.code, "member_id": record.pk},
        )
        return format_html(
            '{}<a href="{}">Wijzigen<span class="visually-hidden"> voor {}</span></a>',
            marker,
            url,
            record.user,
        )
