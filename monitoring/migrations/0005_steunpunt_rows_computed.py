"""The three steunpunt rows of Bijlage 4 (pijler 3, "Ouderbetrokkenheid") were figures the SWV
entered until the ouder- en jeugdsteunpunt came (issue #16); now they are computed from its
contacts, trends and feedback rounds (``steunpunt/calculations.py``). As with 0002 and 0004:
only a row that is still an SWV entry changes; its earlier entries and measurements stay. The
catalogue file says the same for new tenants.

The two counts were an *inzicht* (a text the SWV wrote, unit "tekst"). A computed row has a
number, and a norm "inzicht" goes with the unit "tekst" only (``monitoring.services``), so they
become counts (unit "aantal") with a norm that reads the plan's words: "groei in bekendheid" is
a rising trend of contacts; "jaarlijks inzicht" in the trends is met by a yearly count
(minimum 0). The norm's text stays the plan's.
"""

from django.db import migrations

ROWS = {
    "Gebruik ouder- en jeugdsteunpunt (aantal contacten)": (
        "steunpunt_contacten",
        "Berekend uit de contacten van het ouder- en jeugdsteunpunt.",
        {"unit": "aantal", "norm_kind": "trend", "norm_direction": "stijgend"},
    ),
    "Aantal gesignaleerde trends uit ouderinput": (
        "steunpunt_trends",
        "Berekend uit de trends die het ouder- en jeugdsteunpunt signaleerde.",
        {"unit": "aantal", "norm_kind": "aantal", "norm_minimum": 0},
    ),
    "Jaarlijkse terugkoppeling naar scholen": (
        "steunpunt_terugkoppeling",
        "Berekend uit de terugkoppelingen van het ouder- en jeugdsteunpunt aan de scholen.",
        {},
    ),
}

# What the two counts were before (the catalogue's rows of 2026).
ENTERED = {
    "steunpunt_contacten": {"unit": "tekst", "norm_kind": "inzicht", "norm_direction": ""},
    "steunpunt_trends": {"unit": "tekst", "norm_kind": "inzicht", "norm_minimum": None},
    "steunpunt_terugkoppeling": {},
}


def computed(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for text, (calculation, note, fields) in ROWS.items():
        Indicator.objects.filter(text=text, source="swv").update(
            source="berekend", calculation=calculation, note=note, **fields
        )


def entered(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for text, (calculation, _, _) in ROWS.items():
        Indicator.objects.filter(text=text, source="berekend", calculation=calculation).update(
            source="swv", calculation="", **ENTERED[calculation]
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_meeting_rows_computed")]

    operations = [migrations.RunPython(computed, entered)]
