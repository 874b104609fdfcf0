"""The two meeting rows of Bijlage 4 ("Aantal bijeenkomsten per netwerk", "Aantal structurele
overleggen" with Berséba) were figures the SWV entered until the jaarplan's bijeenkomsten came;
now they are computed from the held meetings of their series (``plans/jaarplan/calculations.py``).
As with the Loket's rows (0002): only a row that is still an SWV entry changes its source; its
earlier entries and measurements stay. The catalogue file says the same for new tenants.
"""

from django.db import migrations

ROWS = {
    "Aantal bijeenkomsten per netwerk": (
        "bijeenkomsten_per_netwerk",
        "Berekend uit de gehouden bijeenkomsten van de netwerkgroepen (jaarplan, bijeenkomsten).",
    ),
    "Aantal structurele overleggen": (
        "structurele_overleggen",
        "Berekend uit de gehouden overleggen met Berséba (jaarplan, bijeenkomsten).",
    ),
}


def computed(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for text, (calculation, note) in ROWS.items():
        Indicator.objects.filter(text=text, source="swv").update(
            source="berekend", calculation=calculation, note=note
        )


def entered(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    for text, (calculation, _) in ROWS.items():
        Indicator.objects.filter(text=text, source="berekend", calculation=calculation).update(
            source="swv", calculation=""
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_indicator_in_plan")]

    operations = [migrations.RunPython(computed, entered)]
