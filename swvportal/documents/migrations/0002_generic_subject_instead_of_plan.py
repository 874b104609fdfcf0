"""An issued document names its subject generically (content type + id) instead of a FK to
``plans.Plan``: every existing row keeps its plan as its subject, and its archive stays the one
archive of that plan version (now ``document_one_archive_per_subject``)."""

import django.db.models.deletion
from django.db import migrations, models


def plan_to_subject(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    rows = IssuedDocument.objects.filter(plan__isnull=False)
    if not rows.exists():
        return
    plan_type, _ = ContentType.objects.get_or_create(app_label="plans", model="plan")
    for document in rows.only("pk", "plan_id"):
        IssuedDocument.objects.filter(pk=document.pk).update(
            subject_type=plan_type, subject_id=document.plan_id
        )


def subject_to_plan(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    plan_type = ContentType.objects.filter(app_label="plans", model="plan").first()
    if plan_type is None:
        return
    for document in IssuedDocument.objects.filter(subject_type=plan_type).only("pk", "subject_id"):
        IssuedDocument.objects.filter(pk=document.pk).update(plan_id=document.subject_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_issued_documents"),
    ]

    # The old constraints go first and come back last: backwards, plan_id is filled again
    # before "document_kind_has_subject" is checked.
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
        migrations.RunPython(plan_to_subject, subject_to_plan, elidable=False),
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
