from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.cases.constants import (
    Activity,
    CaseChannel,
    CaseState,
    RecontactStatus,
    RoutedBy,
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
    # Top-3 (administration, probability) when the router did not decide.
    suggestions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    deadline = models.DateField(null=True, blank=True, db_index=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    resolved_at = models.DateTimeField(null=True, blank=True)
    earlier_case = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="recontacts"
    )
    recontact_status = models.CharField(max_length=20, choices=RecontactStatus.choices, blank=True)
    source_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["deadline", "created_at"]
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
