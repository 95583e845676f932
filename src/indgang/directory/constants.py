from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    CITIZEN_SERVICE_CENTRE = "citizen_service_centre", _("Citizen service centre")
    LIBRARY = "library", _("Library")
    JOB_CENTRE = "job_centre", _("Job centre")
    OTHER = "other", _("Other unit")


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    CONTACT_FORM = "contact_form", _("Secure contact form")
    DIGITAL_POST = "digital_post", _("Digital Post")
    EMAIL = "email", _("E-mail")


# An entry not verified for this long is listed as stale.
STALE_AFTER_DAYS = 183
TIME_ZONE = "Europe/Copenhagen"
