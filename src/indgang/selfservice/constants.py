from django.db import models
from django.utils.translation import gettext_lazy as _


class FunnelEventKind(models.TextChoices):
    STARTED = "started", _("started")
    STEP_SHOWN = "step_shown", _("step shown")
    STEP_COMPLETED = "step_completed", _("step completed")
    VALIDATION_ERROR = "validation_error", _("validation error")
    ABANDONED = "abandoned", _("abandoned")
    SUBMITTED = "submitted", _("submitted")


class DraftStatus(models.TextChoices):
    OPEN = "open", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    ABANDONED = "abandoned", _("abandoned")


class ProcessingStatus(models.TextChoices):
    PENDING = "pending", _("received")
    DONE = "done", _("processed")
    FAILED = "failed", _("failed, will be retried")


# Field types the engine knows; the definition validator refuses others.
FIELD_TYPES = (
    "info",
    "text",
    "number",
    "amount",
    "date",
    "choice",
    "multichoice",
    "consent",
    "cpr",
    "address",
    "file",
    "group",
)
