"""Public reads of the messaging app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from indgang.messaging.constants import DeliveryStatus, Direction
from indgang.messaging.models import Attachment, Message, ReplyTemplate, Thread

if TYPE_CHECKING:
    from indgang.identity.citizen import CitizenIdentity

UNREAD = Q(
    messages__direction=Direction.TO_CITIZEN,
    messages__delivery_status=DeliveryStatus.DELIVERED,
    messages__read_at__isnull=True,
)


def _owner(citizen: CitizenIdentity) -> Q:
    # Acting for a business shows the business's messages; otherwise one's own.
    if citizen.cvr:
        return Q(cvr=citizen.cvr)
    return Q(cpr=citizen.cpr, cvr="")


def owns(citizen: CitizenIdentity | None, thread: Thread) -> bool:
    if citizen is None:
        return False
    if citizen.cvr:
        return thread.cvr == citizen.cvr
    return thread.cpr == citizen.cpr and not thread.cvr


def threads_for(citizen: CitizenIdentity) -> QuerySet[Thread]:
    """The citizen's threads, newest first, each with ``unread`` (a count)."""
    return (
        Thread.objects.filter(_owner(citizen))
        .select_related("case")
        .annotate(unread=Count("messages", filter=UNREAD))
        .order_by("-last_message_at")
    )


def unread_count(citizen: CitizenIdentity) -> int:
    return Message.objects.filter(
        direction=Direction.TO_CITIZEN,
        delivery_status=DeliveryStatus.DELIVERED,
        read_at__isnull=True,
        thread__in=Thread.objects.filter(_owner(citizen)),
    ).count()


def thread_of_citizen(citizen: CitizenIdentity, thread_id: str) -> Thread | None:
    return Thread.objects.filter(_owner(citizen), pk=thread_id).select_related("case").first()


def visible_to_citizen(thread: Thread) -> QuerySet[Message]:
    """What the citizen sees: their own messages and the municipality's delivered ones."""
    return (
        thread.messages.filter(
            Q(direction=Direction.FROM_CITIZEN) | Q(delivery_status=DeliveryStatus.DELIVERED)
        )
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def thread_of_case(case_id: int) -> Thread | None:
    return Thread.objects.filter(case_id=case_id).first()


def messages_for_staff(thread: Thread) -> QuerySet[Message]:
    return thread.messages.prefetch_related("attachments").select_related("author")


def attachment_in_thread(thread: Thread, attachment_id: str) -> Attachment | None:
    return Attachment.objects.filter(message__thread=thread, pk=attachment_id).first()


def reply_templates(administration_code: str | None) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(administration_id=administration_code, active=True)
