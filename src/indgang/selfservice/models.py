"""Service definitions (versioned data), drafts, submissions and funnel events."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.selfservice.constants import DraftStatus, FunnelEventKind, ProcessingStatus


class ServiceDefinition(models.Model):
    """One version of a service's form. Versions are never changed once used:
    an editor saves a new version, and drafts keep the version they began on."""

    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    definition = models.JSONField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="definition_version_unique")
        ]
        ordering = ["slug", "-version"]
        verbose_name = _("service definition")
        verbose_name_plural = _("service definitions")

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"


class Draft(models.Model):
    """A citizen's answers so far, saved on every step."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(ServiceDefinition, on_delete=models.PROTECT)
    cpr = models.CharField(max_length=10, db_index=True)
    answers: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    completed_steps: models.JSONField[list[str]] = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=DraftStatus.choices, default=DraftStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"{self.definition} {self.id}"


class Submission(models.Model):
    """A submitted answer set, stored before anything downstream runs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    definition = models.ForeignKey(ServiceDefinition, on_delete=models.PROTECT)
    draft = models.OneToOneField(Draft, on_delete=models.SET_NULL, null=True, blank=True)
    cpr = models.CharField(max_length=10, db_index=True)
    answers: models.JSONField[dict[str, Any]] = models.JSONField()
    computed: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    # The answers as the citizen read them when sending, per language: the receipt
    # (HTML and PDF) shows these, so a later register change (the new GP is now
    # the current one) does not rewrite what was sent.
    shown: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ProcessingStatus.choices, default=ProcessingStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    result: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return self.reference


class DraftFile(models.Model):
    """A file attached to a draft, kept with it (and its submission) on the server.

    The bytes live in the database so that a file is stored, purged and
    backed up together with the draft it belongs to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    field = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    scan_status = models.CharField(max_length=12, default="not_scanned")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.name

    def summary(self) -> dict[str, Any]:
        """What the answers keep about the file (never its bytes)."""
        return {"id": str(self.id), "name": self.name, "size": self.size, "type": self.content_type}


class HealthCardOrder(models.Model):
    """A new yellow health card ordered from a submission; one per person."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="cards")
    cpr = models.CharField(max_length=10)
    reason = models.CharField(max_length=30)
    # Citizens with name and address protection get the card through the
    # municipality, never by an address printed on an envelope's label.
    deliver_via_municipality = models.BooleanField(default=False)
    # The name printed on the card (the person register's name when ordered): a
    # later "I have changed my name" is checked against it.
    name_on_card = models.CharField(max_length=300, blank=True)
    ordered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "cpr"], name="one_card_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.reason}"


class FunnelEvent(models.Model):
    """Where citizens go and drop out, for the insights dashboards. No CPR."""

    service = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    draft_id = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=20, choices=FunnelEventKind.choices)
    step = models.CharField(max_length=60, blank=True)
    field = models.CharField(max_length=60, blank=True)
    rule = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["service", "kind", "at"])]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.service} {self.kind} {self.step}"


class AssistConsent(models.Model):
    """A citizen's consent that staff fill in a service in their name
    ("medbetjening"): for one service, until it expires or is revoked."""

    class Place(models.TextChoices):
        COUNTER = "counter", _("at the counter")
        HOME = "home", _("in the citizen's home")
        PHONE = "phone", _("by phone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cpr = models.CharField(max_length=10, db_index=True)
    service = models.SlugField(max_length=60)
    place = models.CharField(max_length=10, choices=Place.choices)
    recorded_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    administration = models.CharField(max_length=3)
    given_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.service} {self.given_at:%Y-%m-%d}"


class AssistAction(models.Model):
    """What a member of staff did in a citizen's draft; the citizen sees these."""

    class Action(models.TextChoices):
        STARTED = "started", _("started the form")
        CONTINUED = "continued", _("continued the form")
        STEP_COMPLETED = "step_completed", _("filled in a step")
        HANDED_OVER = "handed_over", _("handed the form over to you")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="assists")
    consent = models.ForeignKey(AssistConsent, on_delete=models.PROTECT)
    actor = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=150)
    administration = models.CharField(max_length=3)
    action = models.CharField(max_length=20, choices=Action.choices)
    step = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action}"
