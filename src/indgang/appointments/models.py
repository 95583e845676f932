from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.appointments.constants import BookingStatus
from indgang.directory.models import OrganisationUnit

ACTIVE = ~Q(status=BookingStatus.CANCELLED)


class BookableService(models.Model):
    """Something a citizen-service centre lets citizens book a time for."""

    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("citizen service centre"),
    )
    name = models.CharField(_("name"), max_length=120)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=15)
    documents = models.TextField(_("documents to bring"), blank=True)
    # English texts for the English pages; without them the Danish is shown,
    # marked lang="da" (see the "in_english" template tag).
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    documents_en = models.TextField(_("documents to bring, in English"), blank=True)
    desks = models.PositiveSmallIntegerField(
        _("parallel desks"), default=1, help_text=_("How many citizens can be served at once.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("bookable service")
        verbose_name_plural = _("bookable services")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Booking(models.Model):
    """One citizen's appointment at one desk. The unique constraint is what
    stops double-booking: two bookings can never hold the same desk at the
    same time, whatever the number of concurrent requests."""

    service = models.ForeignKey(BookableService, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    desk = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    citizen_cpr = models.CharField(max_length=10)
    citizen_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "desk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "starts_at", "desk"],
                condition=ACTIVE,
                name="appointments_one_booking_per_desk",
            ),
            models.UniqueConstraint(
                fields=["service", "starts_at", "citizen_cpr"],
                condition=ACTIVE,
                name="appointments_one_booking_per_citizen",
            ),
        ]
        indexes = [models.Index(fields=["status", "reminder_sent_at", "starts_at"])]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return f"{self.service.name} {self.starts_at:%Y-%m-%d %H:%M} #{self.desk}"

    @property
    def object_ref(self) -> str:
        return f"booking:{self.pk}"
