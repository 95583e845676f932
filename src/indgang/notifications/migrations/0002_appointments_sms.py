"""Move the SMS kept by the appointments app's old demo outbox here.

Each old message becomes a delivered notification (so front-desk staff still
see it for their administration) and a row in the demo outbox. On a fresh
database there is nothing to move. appointments 0002 deletes the old table
after this has run.
"""

from django.db import migrations


def move(apps, schema_editor):  # type: ignore[no-untyped-def]
    SmsMessage = apps.get_model("appointments", "SmsMessage")
    Notification = apps.get_model("notifications", "Notification")
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for old in SmsMessage.objects.select_related("booking__service__unit").iterator():
        booking = old.booking
        notification = Notification.objects.create(
            channel="sms",
            recipient=old.to,
            template="appointment_reminder",
            language="da",
            body=old.text,
            status="delivered",
            attempts=1,
            provider_ref=f"outbox-{old.pk}",
            ref=f"appointments-sms:{old.pk}",
            administration_id=booking.service.unit.administration_id if booking else None,
            created_at=old.sent_at,
            sending_at=old.sent_at,
            delivered_at=old.sent_at,
        )
        OutboxMessage.objects.create(
            to=old.to, text=old.text, notification=notification, sent_at=old.sent_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("appointments", "0001_initial"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
