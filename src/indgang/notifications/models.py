"""Notifications (e-mail and SMS) and the demo SMS gateway's outbox.

A notification never holds a CPR number: the citizen is known by the
pseudonymous ``citizen_key`` only.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.notifications.constants import TRANSITIONS, Channel, Status


class IllegalTransition(Exception):
    pass


class Notification(models.Model):
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(
        _("recipient"), max_length=254, help_text=_("Phone number (E.164) or e-mail address.")
    )
    template = models.CharField(_("template"), max_length=60)
    language = models.CharField(_("language"), max_length=2, default="da")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CREATED
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_ref = models.CharField(_("provider reference"), max_length=100, blank=True)
    ref = models.CharField(
        _("reference"),
        max_length=200,
        help_text=_("The sender's idempotency key: one message per reference and recipient."),
    )
    citizen_key = models.CharField(max_length=64, blank=True, db_index=True)
    administration = models.ForeignKey(
        "core.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administration"),
    )
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sending_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ref", "channel", "recipient"], name="notifications_sent_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["provider_ref"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.channel} {self.template} → {self.recipient} ({self.status})"

    def move_to(self, status: str, *, error: str = "", provider_ref: str = "") -> None:
        """Change the status in memory, refusing moves the state machine forbids."""
        if status not in TRANSITIONS[self.status]:
            raise IllegalTransition(f"{self.status} → {status}")
        now = timezone.now()
        self.status = status
        if status == Status.SENDING:
            self.sending_at = now
            self.attempts += 1
        elif status == Status.DELIVERED:
            self.delivered_at = now
            self.error = ""
        elif status == Status.FAILED:
            self.failed_at = now
            self.error = error[:2000]
        if provider_ref:
            self.provider_ref = provider_ref[:100]


class OutboxMessage(models.Model):
    """The demo SMS gateway's outbox: what a real gateway would have sent."""

    to = models.CharField(_("to"), max_length=20)
    text = models.TextField(_("text"))
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("SMS in the demo outbox")
        verbose_name_plural = _("SMS in the demo outbox")

    def __str__(self) -> str:
        return f"{self.to}: {self.text[:40]}"


class CitizenContact(models.Model):
    """Where a citizen wants notifications: the person registers hold no
    phone number or e-mail, so Indgang keeps what the citizen gave it,
    under the pseudonymous key."""

    citizen_key = models.CharField(max_length=64, unique=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="da")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("citizen contact details")
        verbose_name_plural = _("citizen contact details")

    def __str__(self) -> str:
        return f"{self.citizen_key[:8]}…"
