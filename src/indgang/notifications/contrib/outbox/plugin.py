from __future__ import annotations

from indgang.notifications.base import Sent, SmsGateway
from indgang.notifications.models import Notification, OutboxMessage
from indgang.notifications.registry import register


@register("outbox")
class OutboxGateway(SmsGateway):
    """Demo gateway: keeps each message in a table developers can read
    (/medarbejder/sms-udbakke/ or ``indgang notifications outbox``)."""

    is_demo = True

    def send(self, *, to: str, text: str, reference: str) -> Sent:
        notification_id = reference.removeprefix("notification-")
        notification = (
            Notification.objects.filter(pk=notification_id).first()
            if notification_id.isdigit()
            else None
        )
        message = OutboxMessage.objects.create(to=to, text=text, notification=notification)
        return Sent(provider_ref=f"outbox-{message.pk}")
