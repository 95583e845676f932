"""Delivery of outgoing messages through the Digital Post plugin, with retries."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from indgang.messaging import notify
from indgang.messaging.constants import DeliveryStatus
from indgang.messaging.models import Message
from indgang.messaging.registry import digital_post
from indgang.messaging.services import EMAIL_DELIVERY
from indgang.notifications import services as notifications

logger = logging.getLogger(__name__)


@task()
def deliver_message(message_id: str) -> str:
    """Deliver one outgoing message: created → sending → delivered / failed.

    A failure is recorded on the message and the task is enqueued again with
    a growing delay, up to ``MESSAGING_DELIVERY_ATTEMPTS``; a delivered
    message is never sent twice.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.delivery_status == DeliveryStatus.DELIVERED:
            return "already delivered"
        message.delivery_status = DeliveryStatus.SENDING
        message.delivery_attempts += 1
        if message.delivery_plugin != EMAIL_DELIVERY:
            message.delivery_plugin = settings.MESSAGING_DIGITAL_POST
        message.save(update_fields=["delivery_status", "delivery_attempts", "delivery_plugin"])
    try:
        if message.delivery_plugin == EMAIL_DELIVERY:
            reference = _send_email(message)
        else:
            reference = digital_post().deliver(message)
    except Exception as error:
        logger.exception("delivering message %s failed", message_id)
        message.delivery_status = DeliveryStatus.FAILED
        message.delivery_error = str(error)[:300]
        message.save(update_fields=["delivery_status", "delivery_error"])
        if message.delivery_attempts < settings.MESSAGING_DELIVERY_ATTEMPTS:
            delay = dt.timedelta(minutes=2**message.delivery_attempts)
            deliver_message.using(run_after=timezone.now() + delay).enqueue(message_id)
        return "failed"
    with transaction.atomic():
        message.delivery_status = DeliveryStatus.DELIVERED
        message.delivery_ref = reference[:100]
        message.delivery_error = ""
        message.delivered_at = timezone.now()
        message.save(
            update_fields=["delivery_status", "delivery_ref", "delivery_error", "delivered_at"]
        )
        if message.notify:
            transaction.on_commit(lambda: notify.new_message(message))
    return "delivered"


def _send_email(message: Message) -> str:
    """An answer to an anonymous question, by e-mail through notifications
    (which keeps its own delivery status and retries)."""
    case = message.thread.case
    assert case is not None and case.reply_email
    sent = notifications.notify(
        channel="email",
        to=case.reply_email,
        template="case_answer",
        context={"reference": case.reference, "body": message.body},
        ref=f"message:{message.pk}",
        administration=case.administration_id or "",
    )
    if sent.status == "failed":
        raise RuntimeError(sent.error or "e-mail refused")
    return f"notification:{sent.pk}"
