import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.models import Administration
from indgang.mining.constants import ImportStatus


class EventLogImport(models.Model):
    """An uploaded event log, read and analysed in the background."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    source = models.FileField(upload_to="mining/uploads/")
    file_name = models.CharField(max_length=255)
    csv_mapping = models.JSONField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error_da = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    cases = models.PositiveIntegerField(null=True)
    events = models.PositiveIntegerField(null=True)
    activities = models.PositiveIntegerField(null=True)
    result = models.JSONField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # Perspective (engine.perspective keys): "" is the log as read.
    activity_key = models.CharField(_("activity attribute"), max_length=250, blank=True)
    case_key = models.CharField(_("case attribute"), max_length=250, blank=True)
    # Declarative conformance rules and citizen-burden patterns entered by the analyst.
    rules = models.JSONField(default=list, blank=True)
    burden_patterns = models.JSONField(default=list, blank=True)
    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event log")
        verbose_name_plural = _("event logs")

    def __str__(self) -> str:
        return self.name
