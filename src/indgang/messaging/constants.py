from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    TO_CITIZEN = "to_citizen", _("From the municipality")
    FROM_CITIZEN = "from_citizen", _("From the citizen")


class DeliveryStatus(models.TextChoices):
    """Where an outgoing message is on its way to the citizen's Digital Post."""

    CREATED = "created", _("Created")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
