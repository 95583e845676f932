from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.assistant.constants import Author, LiveState, Outcome


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
    # Live take-over by a member of staff (during the contact centre's chat hours).
    live_state = models.CharField(
        _("live chat"), max_length=10, choices=LiveState.choices, default=LiveState.NONE, blank=True
    )
    live_requested_at = models.DateTimeField(null=True, blank=True, db_index=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assistant_conversations",
    )
    # As announced to the citizen: "Du skriver nu med Anna fra Borgerservice".
    staff_name = models.CharField(max_length=150, blank=True)
    staff_unit = models.CharField(max_length=150, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

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


class ChatMessage(models.Model):
    """A message in the live part of a conversation: the citizen's, the staff
    member's, or a notice (taken over, ended)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    author = models.CharField(max_length=10, choices=Author.choices)
    # A notice's kind (LiveState.LIVE: taken over, LiveState.ENDED: ended); its
    # text is written when shown, in the reader's language.
    notice = models.CharField(max_length=10, blank=True)
    text = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["conversation", "pk"]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")

    def __str__(self) -> str:
        return self.text[:60]


class Presence(models.Model):
    """Whether a member of staff is taking live chats: the "online" switch and
    the last heartbeat (the queue page's polling)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence"
    )
    online = models.BooleanField(_("online"), default=False)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("chat presence")
        verbose_name_plural = _("chat presences")

    def __str__(self) -> str:
        return f"{self.user} {'online' if self.online else 'offline'}"
