"""Step 2 of 3: every existing document keeps its plan, now as its subject (and back)."""

from django.db import migrations


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
    dependencies = [("documents", "0002_generic_subject_instead_of_plan")]

    operations = [migrations.RunPython(plan_to_subject, subject_to_plan, elidable=False)]
