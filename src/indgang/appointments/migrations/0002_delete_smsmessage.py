# The demo SMS outbox moved to the notifications app; its rows are copied by
# notifications 0002 before the table goes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("notifications", "0002_appointments_sms"),
    ]

    operations = [
        migrations.DeleteModel(
            name="SmsMessage",
        ),
    ]
