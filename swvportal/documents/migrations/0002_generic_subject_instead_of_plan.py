"""An issued document names its subject generically (content type + id) instead of a FK to
``plans.Plan`` (step 1 of 3: the new columns; the old constraints go first and come back last, so
backwards ``plan_id`` is filled again before "document_kind_has_subject" is checked).

Three migrations, so that each runs in its own transaction: PostgreSQL refuses to alter a table
in the transaction that updated its rows ("pending trigger events")."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_issued_documents"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="issueddocument",
            name="document_one_archive_per_plan",
        ),
        migrations.RemoveConstraint(
            model_name="issueddocument",
            name="document_kind_has_subject",
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="onderwerp"),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="soort onderwerp",
            ),
        ),
    ]
