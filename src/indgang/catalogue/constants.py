from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SELFSERVICE = "selfservice", _("Self-service")
    DIGITAL_POST = "digital_post", _("Digital Post")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("E-mail")


class PriorityReason(models.TextChoices):
    VOLUME = "volume", _("Volume")
    COMPLEXITY = "complexity", _("Complexity")
    TARGET_GROUP = "target_group", _("Target group")
