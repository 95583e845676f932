from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.models import Administration
from indgang.directory.constants import STALE_AFTER_DAYS, ContactKind, UnitKind
from indgang.directory.hours import DayException, Schedule, validate_expression


class OrganisationUnit(models.Model):
    """A department or a unit (citizen-service centre, library, job centre)
    under one of the seven administrations. The one place its contact points
    and opening hours are kept."""

    administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("administration"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        validators=[validate_expression],
        help_text=_(
            "OpenStreetMap syntax, e.g. “Mo-We,Fr 10:00-15:00; Th 10:00-17:30”. "
            "Closed on Danish public holidays unless the hours say otherwise (PH)."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The person responsible for keeping this entry correct."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    class Meta:
        ordering = ["administration", "name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}" if self.street else ""

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_verified is None or ((today - self.last_verified).days > STALE_AFTER_DAYS)

    def schedule(self) -> Schedule:
        return Schedule(
            self.opening_hours,
            {
                e.date: DayException(e.hours, e.reason)
                for e in self.exceptions.all()  # prefetched by queries
            },
        )


class ContactPoint(models.Model):
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.CASCADE, related_name="contact_points"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)
    value = models.CharField(
        _("number or address"),
        max_length=255,
        help_text=_("Phone number, link to the form or Digital Post, or e-mail address."),
    )
    hours = models.CharField(
        _("hours"),
        max_length=255,
        blank=True,
        validators=[validate_expression],
        help_text=_("Phone hours in OpenStreetMap syntax; empty for written channels."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["unit", "position", "id"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def schedule(self) -> Schedule:
        return Schedule(self.hours, {})


class OpeningHoursException(models.Model):
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    hours = models.CharField(
        _("hours"),
        max_length=100,
        blank=True,
        validators=[validate_expression],
        help_text=_("Empty means closed all day; otherwise e.g. “10:00-12:00”."),
    )
    reason = models.CharField(_("reason"), max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "date"], name="directory_one_exception_a_day")
        ]
        verbose_name = _("opening hours exception")
        verbose_name_plural = _("opening hours exceptions")

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"
