"""Step 3 of 3: the plan FK goes; an archive is the one archive of its subject
(``document_one_archive_per_subject``), whatever the type."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_copy_plan_to_subject")]

    operations = [
        migrations.RemoveField(
            model_name="issueddocument",
            name="plan",
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="soort"),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("archived", True)),
                fields=("kind", "subject_type", "subject_id"),
                name="document_one_archive_per_subject",
            ),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("archived", False),
                    models.Q(("subject_id__isnull", False), ("subject_type__isnull", False)),
                    _connector="OR",
                ),
                name="document_archive_has_subject",
            ),
        ),
    ]
