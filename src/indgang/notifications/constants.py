from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class Status(models.TextChoices):
    CREATED = "created", _("Created")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


# The only moves a notification's status can make. A failed notification is
# sent again (retry); a delivered one may still be reported failed by the
# gateway's delivery report.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.CREATED: frozenset({Status.SENDING}),
    Status.SENDING: frozenset({Status.DELIVERED, Status.FAILED}),
    Status.FAILED: frozenset({Status.SENDING}),
    Status.DELIVERED: frozenset({Status.FAILED}),
}

LANGUAGES = ("da", "en")
