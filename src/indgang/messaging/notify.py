"""Tell the citizen that a new message waits in their inbox (SMS / e-mail).

The notifications app renders "Du har en ny besked fra Københavns Kommune"
in the citizen's language, sends it after commit through the channels the
citizen gave, and keeps a delivery status; the ref makes a retry harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from indgang.core import site
from indgang.notifications import services as notifications

if TYPE_CHECKING:
    from indgang.messaging.models import Message

TEMPLATE = "new_message"


def new_message(message: Message) -> None:
    """Notify the owner of the thread about a delivered message."""
    thread = message.thread
    case = thread.case
    notifications.notify_citizen(
        cpr=thread.cpr,
        template=TEMPLATE,
        context={"link": site.public_url(reverse("messaging:thread", args=[thread.pk]))},
        ref=f"message:{message.pk}",
        administration=(case.administration_id or "") if case else "",
    )
