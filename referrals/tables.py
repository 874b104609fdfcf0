import django_tables2 as tables

from swvportal.core.tables import BaseTable

from .models import AbsenceRegistration, OppRegistration


class AbsenceTable(BaseTable):
    nowrap_columns = ("pupil",)
    pupil = tables.LinkColumn(
        "referrals:absence_detail",
        verbose_name="Leerling",
        args=[tables.A("tenant__code"), tables.A("pk")],
        order_by=("pupil__pupil_number",),
    )
    school = tables.Column(verbose_name="School", accessor="school__name")
    kind = tables.Column(verbose_name="Soort")
    start_date = tables.DateColumn(verbose_name="Begindatum", format="d-m-Y")
    end_date = tables.DateColumn(verbose_name="Einddatum", format="d-m-Y", default="open")
    duration = tables.Column(verbose_name="Duur (dagen)", empty_values=(), orderable=False)
    counts = tables.Column(verbose_name="Telt als thuiszitter", empty_values=(), orderable=False)
    complete = tables.Column(verbose_name="Volledig", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = AbsenceRegistration
        fields = ["pupil", "school", "kind", "start_date", "end_date"]
        empty_text = "Er zijn geen registraties die bij deze filters passen."

    def __init__(self, *args, required_fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.required_fields = required_fields

    def render_pupil(self, record):
        return record.pupil.pupil_number

    def render_duration(self, record):
        return record.duration_days()

    def render_counts(self, record):
        return "ja" if record.counts_as_thuiszitter() else "nee"

    def render_complete(self, record):
        missing = record.missing_fields(self.required_fields)
        return "ja" if not missing else f"nee ({len(missing)} ontbreekt)"


class OppTable(BaseTable):
    nowrap_columns = ("pupil",)
    pupil = tables.LinkColumn(
        "referrals:opp_detail",
        verbose_name="Leerling",
        args=[tables.A("tenant__code"), tables.A("pk")],
        order_by=("pupil__pupil_number",),
    )
    school = tables.Column(verbose_name="School", accessor="school__name")
    placement_date = tables.DateColumn(verbose_name="Plaatsing", format="d-m-Y")
    set_on = tables.DateColumn(verbose_name="OPP vastgesteld", format="d-m-Y", default="nee")
    heard_on = tables.DateColumn(verbose_name="Gehoord", format="d-m-Y", default="nee")
    signed_on = tables.DateColumn(verbose_name="Ondertekend", format="d-m-Y", default="nee")
    flags = tables.Column(verbose_name="Aandacht nodig", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = OppRegistration
        fields = ["pupil", "school", "placement_date", "set_on", "heard_on", "signed_on"]
        empty_text = "Er zijn geen OPP's die bij deze filters passen."

    def render_pupil(self, record):
        return record.pupil.pupil_number

    def render_flags(self, record):
        return "; ".join(record.flags()) or "—"
