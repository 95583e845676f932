from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.models import Administration
from indgang.messaging.constants import DeliveryStatus, Direction


class Thread(models.Model):
    """One conversation between a citizen (or a business) and the municipality.

    A thread belongs to a case (one thread per case) or, for copies such as
    self-service receipts, to no case. The owner is the CPR number, or the
    CVR number when the citizen acted for a business: then everyone who may
    act for that business sees it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="thread"
    )
    cpr = models.CharField(max_length=10, db_index=True)
    cvr = models.CharField(max_length=8, blank=True, db_index=True)
    citizen_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    """One message in a thread. Outgoing messages are also MeMo messages and are
    delivered through the Digital Post plugin; the citizen sees them once delivered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    author_name = models.CharField(max_length=200, blank=True)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the recipient citizen opens the message; staff reading never sets it.
    read_at = models.DateTimeField(null=True, blank=True)
    delivery_status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.CREATED
    )
    delivery_plugin = models.CharField(max_length=30, blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_error = models.CharField(max_length=300, blank=True)
    delivery_ref = models.CharField(max_length=100, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    memo_uuid = models.UUIDField(null=True, blank=True, unique=True)
    memo_xml = models.TextField(blank=True)
    notify = models.BooleanField(default=True)
    # Makes copies (e.g. a receipt) idempotent: one message per source.
    source_ref = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.thread_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def outgoing(self) -> bool:
        return self.direction == Direction.TO_CITIZEN


class Attachment(models.Model):
    """A file attached to a message; the bytes live with the message in the database."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    scan_status = models.CharField(max_length=20)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ReplyTemplate(models.Model):
    """A standard reply a caseworker can start from; each administration keeps its own."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="reply_templates"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {name} (the citizen), {reference} (the case number), {caseworker} (you)."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["administration", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "title"], name="reply_template_unique_title"
            )
        ]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return f"{self.title} ({self.administration_id})"
