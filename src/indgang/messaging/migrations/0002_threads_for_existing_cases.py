"""Threads are now opened with their case; give older cases theirs, so no page
has to create one on the way."""

from django.db import migrations


def open_missing_threads(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    Thread = apps.get_model("messaging", "Thread")
    Message = apps.get_model("messaging", "Message")
    answerable = Case.objects.exclude(cpr="", cvr="", reply_email="").filter(thread__isnull=True)
    for case in answerable.iterator():
        thread = Thread.objects.create(
            case=case,
            cpr=case.cpr,
            cvr=case.cvr,
            citizen_name=case.citizen_name,
            # The project's language; the running code words it the same way.
            subject=(case.subject or f"Din henvendelse {case.reference}")[:200],
            created_at=case.created_at,
            last_message_at=case.created_at,
        )
        Message.objects.create(
            thread=thread,
            direction="from_citizen",
            author_name=case.citizen_name,
            body=case.text,
            created_at=case.created_at,
            delivery_status="delivered",
            delivered_at=case.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("cases", "0003_event_log_messages"),
    ]

    operations = [migrations.RunPython(open_missing_threads, migrations.RunPython.noop)]
