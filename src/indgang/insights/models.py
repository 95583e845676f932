from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactFigures(models.Model):
    """Contacts per period and dimension, rebuilt from the contact register by
    ``indgang.insights.rollup.rebuild``. Dashboards read these rows, never the
    13 M contacts, so the figures are "as of the last rebuild"."""

    channel = models.CharField(max_length=20)
    service = models.CharField(max_length=80, blank=True)
    # Plain codes, not foreign keys: the rollup is derived data, rebuilt at will.
    administration = models.CharField(max_length=3, blank=True)
    # The contact repeats an earlier contact or case (a re-contact).
    recontact = models.BooleanField(default=False)
    # Channel of the earlier contact it repeats; '' when none (or only a case).
    earlier_channel = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField()
    # Of those, resolved; and resolved with no later contact repeating them.
    resolved = models.PositiveIntegerField(default=0)
    settled = models.PositiveIntegerField(default=0)
    duration_sum = models.BigIntegerField(default=0)
    duration_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ContactDaily(ContactFigures):
    """One local day."""

    day = models.DateField()

    class Meta:
        verbose_name = _("daily contact figure")
        verbose_name_plural = _("daily contact figures")
        indexes = [
            models.Index(fields=["day"], name="insights_daily_day"),
            models.Index(fields=["service", "day"], name="insights_daily_service_day"),
            models.Index(fields=["administration", "day"], name="insights_daily_adm_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.service}: {self.count}"


class ContactMonthly(ContactFigures):
    """One calendar month (``month`` is its first day), summed from the daily
    rows, so a year is read as 12 months instead of 365 days."""

    month = models.DateField()

    class Meta:
        verbose_name = _("monthly contact figure")
        verbose_name_plural = _("monthly contact figures")
        indexes = [
            models.Index(fields=["month"], name="insights_monthly_month"),
            models.Index(fields=["service", "month"], name="insights_monthly_service"),
            models.Index(fields=["administration", "month"], name="insights_monthly_adm"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.channel} {self.service}: {self.count}"


class ReasonFigures(models.Model):
    """Contacts with a recorded reason per period, channel, service,
    administration and reason. Kept apart from ``ContactFigures`` so the
    reason does not multiply the rows every other metric reads."""

    channel = models.CharField(max_length=20)
    service = models.CharField(max_length=80, blank=True)
    administration = models.CharField(max_length=3, blank=True)
    reason = models.CharField(max_length=20)
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True


class ReasonDaily(ReasonFigures):
    """One local day."""

    day = models.DateField()

    class Meta:
        verbose_name = _("daily contact reason figure")
        verbose_name_plural = _("daily contact reason figures")
        indexes = [
            models.Index(fields=["day"], name="insights_reason_day"),
            models.Index(fields=["service", "day"], name="insights_reason_service_day"),
            models.Index(fields=["administration", "day"], name="insights_reason_adm_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.reason}: {self.count}"


class ReasonMonthly(ReasonFigures):
    """One calendar month (``month`` is its first day), summed from the daily rows."""

    month = models.DateField()

    class Meta:
        verbose_name = _("monthly contact reason figure")
        verbose_name_plural = _("monthly contact reason figures")
        indexes = [
            models.Index(fields=["month"], name="insights_reason_month"),
            models.Index(fields=["service", "month"], name="insights_reason_service_mon"),
            models.Index(fields=["administration", "month"], name="insights_reason_adm_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.channel} {self.reason}: {self.count}"


class RollupRun(models.Model):
    """When the rollup was last rebuilt, shown on every dashboard."""

    finished_at = models.DateTimeField()
    start = models.DateField()
    end = models.DateField()
    rows = models.PositiveIntegerField()
    seconds = models.FloatField()

    class Meta:
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"{self.start}..{self.end} at {self.finished_at}"


class SurveySource(models.TextChoices):
    SELFSERVICE = "selfservice", _("Completed self-service")
    CASE = "case", _("Closed case")


class Survey(models.Model):
    """One invitation to a short satisfaction survey, answered at most once.

    The citizen is identified only by the pseudonymous key (to show pending
    surveys on "Mit overblik"); the answer is read only in aggregate."""

    token = models.CharField(max_length=43, unique=True)
    source = models.CharField(max_length=20, choices=SurveySource.choices)
    service = models.CharField(max_length=80, blank=True)
    administration = models.CharField(max_length=3, blank=True)
    citizen_key = models.CharField(max_length=64, db_index=True, blank=True)
    # "case:K-2026-000123" or "submission:LS-…": what the survey is about.
    object_ref = models.CharField(max_length=100)
    invited_at = models.DateTimeField(default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    settled = models.BooleanField(null=True, blank=True)
    comment = models.TextField(blank=True)
    # The unhappy answer reopened the case.
    reopened_case = models.BooleanField(default=False)

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="survey_satisfaction_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.object_ref}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def unhappy(self) -> bool:
        return (self.satisfaction is not None and self.satisfaction <= 2) or self.settled is False
