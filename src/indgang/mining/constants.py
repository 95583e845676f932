from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Reading and analysing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# Largest upload accepted through the web; bigger logs go through the command.
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
ALLOWED_SUFFIXES = (".xes", ".xes.gz", ".csv", ".csv.gz")
# Variants kept in the stored result: the explorer pages through these.
STORED_VARIANTS = 1000
