"""The two referral rows of Bijlage 4 ("verwijzingen cluster 4", "verwijzingen extern") were
figures the SWV entered until the Loket came; now they are computed from its decisions and
external referrals (``referrals/calculations_loket.py``). A tenant seeded before keeps its
earlier entries and measurements; only where the row is still an SWV entry does its source
change. The catalogue file (``fixtures/refsvo_bijlage4.json``) says the same for new tenants.
"""

from django.db import migrations

ROWS = {
    "Aantal verwijzingen cluster 4 laten een dalende trend zien": (
        "verwijzingen_cluster_4",
        "Berekend uit de besluiten van het Loket: elke toegekende TLV voor cluster 4 telt als "
        "verwijzing.",
    ),
    "Aantal verwijzingen extern laten een dalende trend zien": (
        "verwijzingen_extern",
        "Berekend uit de externe verwijzingen die school of Loket vastlegt.",
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
    dependencies = [("monitoring", "0001_indicators_and_measurements")]

    operations = [migrations.RunPython(computed, entered)]
