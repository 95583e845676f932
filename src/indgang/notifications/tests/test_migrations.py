"""The demo SMS outbox moved from appointments: existing messages survive."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indgang.notifications.models import Notification, OutboxMessage

BEFORE = [("appointments", "0001_initial"), ("notifications", "0001_initial")]
AFTER = [("appointments", "0002_delete_smsmessage"), ("notifications", "0002_appointments_sms")]


APPS = ["indgang.directory", "indgang.appointments", "indgang.notifications"]


@pytest.mark.django_db(transaction=True, available_apps=APPS)
def test_sms_kept_by_the_old_appointments_outbox_are_moved() -> None:
    # The migration graph needs every app; only these three are flushed afterwards.
    apps.unset_available_apps()
    try:
        migrate_with_old_data()
    finally:
        apps.set_available_apps(APPS)
    moved = Notification.objects.order_by("recipient")
    assert [(n.recipient, n.body, n.status) for n in moved] == [
        ("+4520123456", "Påmindelse: Pas", "delivered"),
        ("+4530123456", "Uden aftale", "delivered"),
    ]
    assert moved[0].administration_id == "kff" and moved[1].administration_id is None
    assert OutboxMessage.objects.count() == 2
    assert "appointments_smsmessage" not in connection.introspection.table_names()


def migrate_with_old_data() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # An earlier transactional test may have flushed the reference data.
    old.get_model("core", "Administration").objects.get_or_create(
        code="kff", defaults={"name": "Kultur- og Fritidsforvaltningen"}
    )
    unit = old.get_model("directory", "OrganisationUnit").objects.create(
        administration_id="kff", kind="citizen_service_centre", name="Borgerservice", slug="bs-test"
    )
    service = old.get_model("appointments", "BookableService").objects.create(unit=unit, name="Pas")
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    booking = old.get_model("appointments", "Booking").objects.create(
        service=service,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=15),
        desk=1,
        citizen_cpr="0101701234",
        citizen_name="Karen",
    )
    sms = old.get_model("appointments", "SmsMessage")
    sms.objects.create(to="+4520123456", text="Påmindelse: Pas", booking=booking)
    sms.objects.create(to="+4530123456", text="Uden aftale")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
