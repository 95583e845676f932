from django.db import migrations

ROLES = ["front_desk", "caseworker", "editor", "analyst", "administrator"]


def load(apps, schema_editor):
    Role = apps.get_model("identity", "Role")
    for code in ROLES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
