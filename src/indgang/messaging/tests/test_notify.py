"""A delivered staff reply notifies the citizen by SMS and e-mail; receipts do not."""

from __future__ import annotations

import pytest

from indgang.messaging import services
from indgang.messaging.tasks import deliver_message
from indgang.notifications import services as notifications
from indgang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_citizen_is_told_about_a_new_message_once_it_is_delivered(
    case, caseworker_tmf, parent_cpr, django_capture_on_commit_callbacks
):
    notifications.set_contact_details(cpr=parent_cpr, phone="+4520123456", email="b@example.dk")
    message = services.staff_reply(case, "Svar", actor=caseworker_tmf)
    assert not Notification.objects.exists()  # nothing before delivery
    with django_capture_on_commit_callbacks(execute=True):
        deliver_message.call(str(message.pk))
    sent = Notification.objects.order_by("channel")
    assert [n.channel for n in sent] == ["email", "sms"]
    for notification in sent:
        assert notification.body.startswith("Du har en ny besked fra Københavns Kommune.")
        assert f"/beskeder/{message.thread_id}/" in notification.body
        assert notification.ref == f"message:{message.pk}"
        assert parent_cpr not in notification.body
    assert sent[0].subject == "Ny besked fra Københavns Kommune"


def test_a_receipt_copy_sends_no_notification(
    parent_cpr, population, django_capture_on_commit_callbacks
):
    notifications.set_contact_details(cpr=parent_cpr, phone="+4520123456")
    message = services.copy_receipt(
        cpr=parent_cpr, reference="IG-AAAA2222", title="Sundhedskort", source_ref="receipt:y"
    )
    with django_capture_on_commit_callbacks(execute=True):
        deliver_message.call(str(message.pk))
    assert not Notification.objects.exists()
