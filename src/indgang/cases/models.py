from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.cases.constants import (
    Activity,
    CaseChannel,
    CaseState,
    DeliveryStatus,
    RecontactStatus,
    RoutedBy,
    WebhookEvent,
)
from indgang.core.models import Administration, Team


class Topic(models.Model):
    """What an inquiry is about; belongs to one team of one administration."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, on_delete=models.PROTECT)
    keywords = models.CharField(_("keywords"), max_length=400, blank=True)
    sla_days = models.PositiveSmallIntegerField(_("deadline in working days"), default=10)

    class Meta:
        ordering = ["administration", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return f"{self.name} ({self.administration_id})"


class RoutingRule(models.Model):
    """An ordered rule tried before the classifier; the first match wins."""

    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    pattern = models.CharField(
        _("pattern"),
        max_length=500,
        help_text=_("A regular expression, matched case-insensitively against the text."),
    )
    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)
    kle = models.CharField(
        _("KLE number"),
        max_length=8,
        blank=True,
        help_text=_(
            "The KLE topic of what the rule catches; in a municipality without the "
            "rule's administration, the KLE map decides where it goes."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return self.name


class RoutingModel(models.Model):
    """A trained classifier version with its evaluation figures."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=False)
    metrics = models.JSONField(default=dict)
    # joblib dump of our own TrainedRouter; loaded only after the hash matches.
    blob = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_model"
            )
        ]
        verbose_name = _("routing model")
        verbose_name_plural = _("routing models")

    def __str__(self) -> str:
        return f"v{self.version}"


class TrainingExample(models.Model):
    """A caseworker's correction: this text belongs to this administration."""

    text = models.TextField()
    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    # The case's KLE topic within the chosen administration, if it had one;
    # else training finds one.
    kle = models.CharField(_("KLE number"), max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey("Case", on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")

    def __str__(self) -> str:
        return f"{self.administration_id}: {self.text[:40]}"


class Case(models.Model):
    """One inquiry from a citizen, handled by one administration's team."""

    reference = models.CharField(max_length=20, unique=True)
    # The pseudonymous key links cases and re-contacts without the CPR number;
    # the CPR number itself is read only through an audited view by the
    # owning administration and is blanked when the case is purged.
    citizen_key = models.CharField(max_length=64, db_index=True)
    cpr = models.CharField(max_length=10, blank=True)
    citizen_name = models.CharField(max_length=200, blank=True)
    # The business the citizen acted for (MitID Erhverv); re-contacts of a
    # business are linked by its CVR number rather than the person's CPR.
    cvr = models.CharField(max_length=8, blank=True)
    # Only the anonymous contact form: where to send the answer, if anywhere.
    reply_email = models.EmailField(blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("inquiry"))
    channel = models.CharField(max_length=20, choices=CaseChannel.choices)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True)
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, null=True, blank=True
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED)
    routed_by = models.CharField(max_length=20, choices=RoutedBy.choices, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    # KLE topic the case is filed under ("journaliseret"), number and title.
    kle = models.CharField(_("KLE number"), max_length=8, blank=True)
    kle_title = models.CharField(_("KLE title"), max_length=200, blank=True)
    kle_confidence = models.FloatField(null=True, blank=True)
    # Top-3 (administration, probability) when the router did not decide.
    suggestions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    deadline = models.DateField(null=True, blank=True, db_index=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set when retention blanked the personal data; the event log remains.
    purged_at = models.DateTimeField(null=True, blank=True)
    # The case's number in the line-of-business case system, when it tells us.
    external_reference = models.CharField(max_length=100, blank=True)
    earlier_case = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="recontacts"
    )
    recontact_status = models.CharField(max_length=20, choices=RecontactStatus.choices, blank=True)
    source_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["deadline", "created_at"]
        constraints = [
            # A retried self-service task must not open a second case.
            models.UniqueConstraint(
                fields=["channel", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="case_source_unique",
            )
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference


class CaseEvent(models.Model):
    """The event log: one row per thing that happened to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    activity = models.CharField(max_length=30, choices=Activity.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    resource = models.CharField(max_length=150, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.activity}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(_("note"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d}"


class SelfServiceOffer(models.Model):
    """The contact form offered a self-service; was it taken?"""

    service_slug = models.SlugField(max_length=80)
    taken = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.service_slug} {'taken' if self.taken else 'declined'}"


# Integration with line-of-business case systems -------------------------------


def _all_events() -> list[str]:
    return list(WebhookEvent.values)


class WebhookSubscription(models.Model):
    """A case system that wants to hear about one administration's cases."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Shared with the receiver; signs every delivery (HMAC-SHA256)."),
    )
    administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        help_text=_("Only this administration's cases are sent."),
    )
    events = models.JSONField(_("events"), default=_all_events)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["administration", "name"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return f"{self.name} ({self.administration_id})"


class WebhookDelivery(models.Model):
    """One event for one subscription: the outbox row and its delivery log."""

    event_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    case_reference = models.CharField(max_length=20, db_index=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} {self.case_reference} → {self.subscription_id}"


class CaseSystemClient(models.Model):
    """A line-of-business case system allowed to read and update one
    administration's cases through the REST API.

    It acts through its own service user (no password, caseworker role in
    that administration), so permissions, the event log and the audit trail
    treat it like any other caseworker. Only the token's hash is stored.
    """

    name = models.CharField(_("name"), max_length=120)
    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_system"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case system API client")
        verbose_name_plural = _("case system API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.administration_id})"


class StatusUpdate(models.Model):
    """A status posted by a case system; the key makes a retried post harmless."""

    client = models.ForeignKey(CaseSystemClient, on_delete=models.PROTECT)
    key = models.CharField(max_length=200)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_updates")
    request = models.JSONField()
    response = models.JSONField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="status_update_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.key}"
