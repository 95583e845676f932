from django.utils.translation import gettext_lazy as _

# The person register's marital statuses (CPR's civilstand), shown translated.
MARITAL_STATUS_LABELS = {
    "ugift": _("unmarried"),
    "gift": _("married"),
    "registreret partner": _("registered partner"),
    "skilt": _("divorced"),
    "enke/enkemand": _("widowed"),
}

REGISTER_TITLES = {
    "person": _("Person register (CPR)"),
    "address": _("Address register (DAR)"),
    "business": _("Business register (CVR)"),
    "gp": _("GP register (Yderregistret)"),
}
