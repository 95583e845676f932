from django.db import models
from django.utils.translation import gettext_lazy as _


class AdministrationCode(models.TextChoices):
    """The seven administrations (forvaltninger); codes are stable contracts."""

    OKF = "okf", "Økonomiforvaltningen"
    KFF = "kff", "Kultur- og Fritidsforvaltningen"
    BUF = "buf", "Børne- og Ungdomsforvaltningen"
    SUF = "suf", "Sundheds- og Omsorgsforvaltningen"
    SOF = "sof", "Socialforvaltningen"
    TMF = "tmf", "Teknik- og Miljøforvaltningen"
    BIF = "bif", "Beskæftigelses- og Integrationsforvaltningen"


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CHANGE = "change", _("Changed")
    REFUSED = "refused", _("Access refused")
    ACT_FOR = "act_for", _("Acted on behalf of")
