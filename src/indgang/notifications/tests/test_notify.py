"""Notifications are rendered in the citizen's language, stored, sent once per
reference, and move through created → sending → delivered / failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from indgang.notifications import queries, services
from indgang.notifications.contrib.outbox.plugin import OutboxGateway
from indgang.notifications.models import IllegalTransition, Notification, OutboxMessage
from indgang.notifications.tasks import retry_delay, send_notification
from indgang.registers.synthetic import Population

pytestmark = pytest.mark.django_db


def notify(**kwargs: Any) -> Notification:
    values: dict[str, Any] = {
        "channel": "sms",
        "to": "20 12 34 56",
        "template": "new_message",
        "context": {},
        "language": "da",
        "ref": "message:1",
        **kwargs,
    }
    return services.notify(**values)


def test_the_new_message_template_reads_well_in_danish_and_english(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        danish = notify()
        english = notify(channel="email", to="karen@example.dk", language="en-gb")
    assert danish.body == (
        "Du har en ny besked fra Københavns Kommune. Log ind på Indgang for at læse den."
    )
    assert english.language == "en"
    assert english.body.startswith("You have a new message from the City of Copenhagen.")
    assert english.subject == "New message from the City of Copenhagen"
    assert OutboxMessage.objects.get().text == danish.body
    assert mail.outbox[0].subject == english.subject and mail.outbox[0].to == ["karen@example.dk"]


def test_plain_text_is_not_html_escaped() -> None:
    _subject, body = services.render(
        "appointment_reminder",
        {
            "service": "Pas",
            "place": "Børn & Unge",
            "when": "i morgen",
            "link": "https://x/?a=1&b=2",
        },
        "da",
        "sms",
    )
    assert body == (
        "Påmindelse: Pas hos Børn & Unge i morgen. Aflys eller flyt: https://x/?a=1&b=2"
    )


def test_the_same_reference_to_the_same_recipient_is_sent_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notify()
        again = notify(to="+45 20 12 34 56")  # the same number, written differently
        other = notify(to="30 12 34 56")
    assert again.pk == first.pk and other.pk != first.pk
    assert OutboxMessage.objects.count() == 2
    assert first.recipient == "+4520123456"
    # Running the task again after delivery sends nothing more.
    assert send_notification.call(first.pk) == "nothing to do"
    assert OutboxMessage.objects.count() == 2


def test_a_delivered_notification_records_when_and_how(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify()
    notification.refresh_from_db()
    assert notification.status == "delivered" and notification.attempts == 1
    assert notification.sending_at and notification.delivered_at
    assert notification.provider_ref == f"outbox-{OutboxMessage.objects.get().pk}"


def test_the_status_cannot_jump_or_go_back() -> None:
    notification = notify()
    assert notification.status == "created"
    with pytest.raises(IllegalTransition):
        notification.move_to("delivered")
    notification.move_to("sending")
    notification.move_to("delivered")
    with pytest.raises(IllegalTransition):
        notification.move_to("sending")


def test_a_failed_send_is_retried_with_growing_delays_until_it_is_delivered(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks import default_task_backend

    from indgang.notifications.tests.conftest import DUMMY

    settings.TASKS = DUMMY
    notification = notify()

    def down(self: OutboxGateway, **kwargs: Any) -> Any:
        raise ConnectionError("gateway down")

    monkeypatch.setattr(OutboxGateway, "send", down)
    assert send_notification.call(notification.pk) == "failed"
    assert send_notification.call(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == "failed" and notification.attempts == 2
    assert "gateway down" in notification.error and notification.failed_at
    delays = [r.task.run_after for r in default_task_backend.results]  # type: ignore[attr-defined]
    assert len(delays) == 2 and delays[1] - delays[0] > retry_delay(1)
    assert retry_delay(1).total_seconds() == 120 and retry_delay(2).total_seconds() == 240
    monkeypatch.undo()
    assert send_notification.call(notification.pk) == "delivered"
    notification.refresh_from_db()
    assert notification.status == "delivered" and notification.error == ""
    assert notification.attempts == 3


def test_retries_stop_after_five_attempts(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django_tasks import default_task_backend

    from indgang.notifications.tests.conftest import DUMMY

    settings.TASKS = DUMMY
    notification = notify()

    def down(self: OutboxGateway, **kwargs: Any) -> Any:
        raise ConnectionError("gateway down")

    monkeypatch.setattr(OutboxGateway, "send", down)
    for _ in range(5):
        send_notification.call(notification.pk)
    assert len(default_task_backend.results) == 4  # type: ignore[attr-defined]
    assert Notification.objects.get().attempts == 5


def test_a_number_that_cannot_get_an_sms_fails_at_once_and_says_why(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(to="1234")
    assert notification.status == "failed" and notification.error == "not a valid phone number"
    assert not OutboxMessage.objects.exists()


def test_phone_numbers_are_normalised_to_e164() -> None:
    assert services.normalise_phone("20 12 34 56") == "+4520123456"
    assert services.normalise_phone("0045 20123456") == "+4520123456"
    assert services.normalise_phone("+46 70 123 45 67") == "+46701234567"
    assert services.normalise_phone("12345678") is None
    assert services.normalise_phone("hej") is None


def test_an_email_that_the_backend_refuses_is_failed_and_retried(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "indgang.notifications.tests.test_notify.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(channel="email", to="karen@example.dk")
    notification.refresh_from_db()
    assert notification.status == "failed" and "SMTP down" in notification.error


class BrokenBackend:
    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("SMTP down")


def test_a_citizen_is_notified_at_the_details_they_gave_in_their_language(
    population: Population, django_capture_on_commit_callbacks: Any
) -> None:
    protected = next(p for p in population.persons if p.name_address_protected)
    assert (
        services.notify_citizen(cpr=protected.cpr, template="new_message", context={}, ref="m:1")
        == []
    )
    services.set_contact_details(
        cpr=protected.cpr, phone="20123456", email="borger@example.dk", language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_citizen(
            cpr=protected.cpr, template="new_message", context={}, ref="m:1"
        )
    assert sorted(n.channel for n in sent) == ["email", "sms"]
    assert all(n.language == "en" and n.status == "created" for n in sent)
    assert OutboxMessage.objects.get().to == "+4520123456"
    assert mail.outbox[0].body.startswith("You have a new message")
    # Known by the pseudonymous key only; the CPR number is stored nowhere.
    assert not Notification.objects.filter(citizen_key=protected.cpr).exists()
    assert all(protected.cpr not in str(v) for v in Notification.objects.values_list())
    assert list(queries.for_citizen(protected.cpr)) == list(Notification.objects.all())


def test_contact_details_that_cannot_be_used_are_refused(population: Population) -> None:
    cpr = population.persons[0].cpr
    with pytest.raises(services.InvalidContactDetails) as refused:
        services.set_contact_details(cpr=cpr, phone="1234")
    assert refused.value.field == "phone"
    with pytest.raises(services.InvalidContactDetails):
        services.set_contact_details(cpr=cpr, email="not-an-address")


def test_the_outbox_command_shows_what_the_demo_gateway_kept(
    django_capture_on_commit_callbacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    call_command("notifications", "outbox")
    out = capsys.readouterr().out
    assert "+4520123456" in out and "[delivered]" in out and "Du har en ny besked" in out


def test_the_retry_command_sends_failed_notifications_again(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notification = notify()

    def down(self: OutboxGateway, **kwargs: Any) -> Any:
        raise ConnectionError("gateway down")

    monkeypatch.setattr(OutboxGateway, "send", down)
    send_notification.call(notification.pk)
    monkeypatch.undo()
    call_command("notifications", "retry")
    assert "enqueued again: 1" in capsys.readouterr().out
    assert Notification.objects.get().status == "delivered"


def test_demo_personas_get_contact_details_once(population: Population) -> None:
    from indgang.notifications.demo import load_contact_details
    from indgang.registers import queries as registers

    added = load_contact_details()
    assert added == len(registers.demo_personas()) > 0
    assert load_contact_details() == 0
    first = registers.demo_personas()[0][1]
    details = queries.contact_details(first.cpr)
    assert details is not None and details.phone == "+4520123400"
