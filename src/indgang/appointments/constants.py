from django.db import models
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")
    NO_SHOW = "no_show", _("No-show")


# How far ahead citizens may book, in days.
BOOKING_HORIZON_DAYS = 28
MANAGE_SALT = "indgang.appointments.manage"
