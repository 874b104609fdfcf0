"""Drop django-auditlog's own ``auditlog_logentry`` table: we log into ``audit_auditentry``.

django-auditlog's migrations create its table even when ``AUDITLOG_LOGENTRY_MODEL`` swaps it out
(upstream issue jazzband/django-auditlog#804). The dangling table has a foreign key to users,
which breaks ``flush`` and so every transactional test on PostgreSQL. It is dropped only while
empty, so no log entry can ever be lost by this migration.
"""

from django.db import migrations

TABLE = "auditlog_logentry"


def drop_if_empty(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608 - constant table name
        if cursor.fetchone()[0]:
            return
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_entry_with_tenant"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop_if_empty, migrations.RunPython.noop)]
