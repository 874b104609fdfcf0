"""The table of the ``ratelimit`` cache (allauth's rate limits, see settings), so that
``migrate`` alone sets up a database: nobody has to remember ``createcachetable``."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    # Creates the table of every database-backed cache that does not exist yet.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_add_enrolment_code")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
