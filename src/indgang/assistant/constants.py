from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered by the assistant")
    NOT_SURE = "not_sure", _("The assistant was not sure")
    OUT_OF_REMIT = "out_of_remit", _("Referred to another authority")
    BECAME_CASE = "became_case", _("Became a case")
    REFUSED = "refused", _("Question refused (personal data)")
