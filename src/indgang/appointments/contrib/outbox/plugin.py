from __future__ import annotations

from indgang.appointments.models import SmsMessage
from indgang.appointments.registry import register


@register("outbox")
class OutboxGateway:
    """Demo gateway: stores each message in a table staff can read."""

    def send(self, *, to: str, text: str, booking_id: int | None = None) -> str:
        message = SmsMessage.objects.create(to=to, text=text, booking_id=booking_id)
        return f"outbox-{message.pk}"

    def check(self) -> list[str]:
        return []
