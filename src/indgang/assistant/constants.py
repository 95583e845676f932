from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered by the assistant")
    NOT_SURE = "not_sure", _("The assistant was not sure")
    OUT_OF_REMIT = "out_of_remit", _("Referred to another authority")
    HANDED_OVER = "handed_over", _("Handed over to a member of staff (live)")
    BECAME_CASE = "became_case", _("Became a case")
    REFUSED = "refused", _("Question refused (personal data)")


class LiveState(models.TextChoices):
    """A conversation a person takes over live: asked for, taken, ended."""

    NONE = "", _("Not asked for")
    WAITING = "waiting", _("Waiting for a member of staff")
    LIVE = "live", _("Live with a member of staff")
    ENDED = "ended", _("Ended")


class Author(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Member of staff")
    SYSTEM = "system", _("Notice")


# A member of staff counts as online this long after their last heartbeat.
PRESENCE_SECONDS = 90
# How often the pages ask for new messages (htmx polling).
POLL_SECONDS = 3
