from django.db import migrations

ADMINISTRATIONS = [
    ("okf", "Økonomiforvaltningen"),
    ("kff", "Kultur- og Fritidsforvaltningen"),
    ("buf", "Børne- og Ungdomsforvaltningen"),
    ("suf", "Sundheds- og Omsorgsforvaltningen"),
    ("sof", "Socialforvaltningen"),
    ("tmf", "Teknik- og Miljøforvaltningen"),
    ("bif", "Beskæftigelses- og Integrationsforvaltningen"),
]


def load(apps, schema_editor):
    Administration = apps.get_model("core", "Administration")
    for code, name in ADMINISTRATIONS:
        Administration.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
