"""Public reads."""

from __future__ import annotations

from django.db.models import QuerySet

from indgang.core.pseudonym import citizen_key
from indgang.notifications.constants import Channel
from indgang.notifications.models import CitizenContact, Notification, OutboxMessage


def for_administration(
    administration: str, *, channel: str | None = None, limit: int = 200
) -> QuerySet[Notification]:
    """The latest notifications sent on an administration's behalf."""
    found = Notification.objects.filter(administration_id=administration)
    if channel:
        found = found.filter(channel=Channel(channel))
    return found[:limit]


def for_ref(ref: str) -> QuerySet[Notification]:
    return Notification.objects.filter(ref=ref)


def for_citizen(cpr: str) -> QuerySet[Notification]:
    return Notification.objects.filter(citizen_key=citizen_key(cpr))


def outbox(limit: int = 200) -> QuerySet[OutboxMessage]:
    """The demo SMS gateway's outbox, newest first."""
    return OutboxMessage.objects.select_related("notification")[:limit]


def contact_details(cpr: str) -> CitizenContact | None:
    return CitizenContact.objects.filter(citizen_key=citizen_key(cpr)).first()
