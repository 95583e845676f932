from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.assistant.constants import Outcome


class Conversation(models.Model):
    """One citizen's questions and the assistant's answers, from one browser
    session. Anonymous conversations hold no personal data (CPR numbers are
    refused); a logged-in citizen is kept only as the pseudonymous key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    citizen_key = models.CharField(max_length=64, blank=True)
    lang = models.CharField(max_length=2, default="da")
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.ANSWERED
    )
    helped = models.BooleanField(_("helped"), null=True, blank=True)
    contact_id = models.BigIntegerField(null=True, blank=True)  # the register's chat contact
    case_reference = models.CharField(_("case"), max_length=20, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class Turn(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    asked_at = models.DateTimeField(default=timezone.now)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    kind = models.CharField(max_length=20)
    sources = models.JSONField(default=list)
    confident = models.BooleanField(default=True)
    service = models.CharField(max_length=80, blank=True)
    next_label = models.CharField(max_length=150, blank=True)
    next_url = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["conversation", "asked_at", "pk"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self) -> str:
        return self.question[:60]
