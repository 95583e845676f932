"""Sending runs in the task worker, with retries and growing delays."""

from __future__ import annotations

import datetime as dt
import logging
from email.utils import make_msgid

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from indgang.notifications.base import PermanentFailure, Sent
from indgang.notifications.constants import Channel, Status
from indgang.notifications.models import Notification
from indgang.notifications.registry import sms_gateway

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def retry_delay(attempts: int) -> dt.timedelta:
    """2, 4, 8, 16 minutes after the 1st, 2nd, 3rd and 4th failed attempt."""
    return dt.timedelta(minutes=2**attempts)


@task()
def send_notification(notification_id: int) -> str:
    """Send one notification once: a rerun after delivery does nothing.

    A failure is recorded (status failed, the error, the attempt count) and
    the task is enqueued again with a growing delay, up to ``MAX_ATTEMPTS``;
    a permanent failure (e.g. the gateway refuses the number) is not retried.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status not in (Status.CREATED, Status.FAILED):
            return "nothing to do"
        notification.move_to(Status.SENDING)
        notification.save(update_fields=["status", "sending_at", "attempts"])
    try:
        sent = _deliver(notification)
    except PermanentFailure as error:
        _finish(notification_id, Status.FAILED, error=str(error))
        return "failed for good"
    except Exception as error:
        logger.warning("notification %s failed: %s", notification_id, error)
        _finish(notification_id, Status.FAILED, error=f"{type(error).__name__}: {error}")
        if notification.attempts < MAX_ATTEMPTS:
            _retry_later(notification_id, notification.attempts)
        return "failed"
    if sent.delivered:
        _finish(notification_id, Status.DELIVERED, provider_ref=sent.provider_ref)
        return "delivered"
    _finish(notification_id, Status.SENDING, provider_ref=sent.provider_ref)
    return "accepted"


def _deliver(notification: Notification) -> Sent:
    if notification.channel == Channel.SMS:
        return sms_gateway().send(
            to=notification.recipient,
            text=notification.body,
            reference=f"notification-{notification.pk}",
        )
    message_id = make_msgid(domain="indgang")
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[notification.recipient],
        headers={"Message-ID": message_id},
    )
    if notification.attachment is not None and notification.attachment_name:
        message.attach(
            notification.attachment_name,
            bytes(notification.attachment),
            notification.attachment_type or "application/octet-stream",
        )
    if message.send() != 1:
        raise ConnectionError("the e-mail backend did not accept the message")
    return Sent(provider_ref=message_id)


def _finish(notification_id: int, status: str, *, error: str = "", provider_ref: str = "") -> None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status != Status.SENDING:
            return  # a delivery report got here first
        if status == Status.SENDING:
            notification.provider_ref = provider_ref[:100]
        else:
            notification.move_to(status, error=error, provider_ref=provider_ref)
        notification.save()


def _retry_later(notification_id: int, attempts: int) -> None:
    backend = send_notification.get_backend()
    if not backend.supports_defer:
        # e.g. the immediate backend in development: `indgang notifications retry` sends it.
        return
    send_notification.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(
        notification_id
    )
