"""The citizen's words for where a matter stands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.cases.constants import CaseState


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    WAITING_FOR_YOU = "waiting_for_you", _("Waiting for you")
    FINISHED = "finished", _("Finished")


# The case system's states → what the citizen reads (Modtaget, Under
# behandling, Venter på dig, Afsluttet).
STATUS_OF_STATE: dict[str, Status] = {
    CaseState.RECEIVED: Status.RECEIVED,
    CaseState.ROUTED: Status.RECEIVED,
    CaseState.IN_PROGRESS: Status.IN_PROGRESS,
    CaseState.AWAITING_CITIZEN: Status.WAITING_FOR_YOU,
    CaseState.RESOLVED: Status.FINISHED,
    CaseState.CLOSED: Status.FINISHED,
}
