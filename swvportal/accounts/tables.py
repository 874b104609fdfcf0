import django_tables2 as tables

from swvportal.core.tables import BaseTable

from .models import Membership


class MemberTable(BaseTable):
    name = tables.Column(
        verbose_name="Naam", accessor="user", order_by=("user__last_name", "user__email")
    )
    email = tables.Column(verbose_name="E-mailadres", accessor="user__email")
    role = tables.Column(verbose_name="Rol")
    schools = tables.Column(verbose_name="Scholen", accessor="pk", orderable=False)
    mfa = tables.BooleanColumn(verbose_name="Tweede factor", accessor="has_totp", yesno="ja,nee")

    class Meta(BaseTable.Meta):
        model = Membership
        fields = ["name", "email", "role", "schools", "mfa"]
        empty_text = "Er zijn nog geen gebruikers."

    def render_schools(self, record):
        return ", ".join(s.name for s in record.schools.all()) or "—"
