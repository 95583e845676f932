"""The Digital Post interface: one plugin delivers outgoing messages.

The demo plugin (``inbox``) delivers into Indgang's own inbox; ``sf1601``
sends through Serviceplatformen's KombiPostAfsend (SF1601) to Digital Post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indgang.core.registry import Plugin

if TYPE_CHECKING:
    from indgang.messaging.models import Message


class DeliveryFailed(Exception):
    """The plugin could not deliver the message; the task retries it."""


class DigitalPostPlugin(Plugin):
    def deliver(self, message: Message) -> str:
        """Deliver one outgoing message (its MeMo XML is in ``message.memo_xml``);
        return the receiver's reference. Raise on failure."""
        raise NotImplementedError
