"""The demo Digital Post plugin: delivers into Indgang's own inbox.

Delivering means the message becomes visible in the citizen's inbox at
/beskeder/. Like Digital Post, it refuses a MeMo message it cannot read or
one addressed to someone other than the thread's owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree

from indgang.messaging import memo
from indgang.messaging.base import DeliveryFailed, DigitalPostPlugin
from indgang.messaging.registry import register

if TYPE_CHECKING:
    from indgang.messaging.models import Message


@register("inbox")
class InboxPlugin(DigitalPostPlugin):
    is_demo = True

    def deliver(self, message: Message) -> str:
        problems = memo.problems(message.memo_xml)
        if problems:
            raise DeliveryFailed("; ".join(problems))
        root = ElementTree.fromstring(message.memo_xml)  # noqa: S314 - our own MeMo XML
        recipient = root.findtext("memo:MessageHeader/memo:Recipient/memo:recipientID", "", memo.NS)
        thread = message.thread
        if recipient != (thread.cvr or thread.cpr):
            raise DeliveryFailed("the MeMo recipient is not the owner of the thread")
        return f"indgang-inbox:{message.pk}"
