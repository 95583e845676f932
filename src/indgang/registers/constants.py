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
    "income": _("Income register (eIndkomst)"),
}

# Kinds of monthly income and of assets in the income register.
INCOME_KIND_LABELS = {
    "salary": _("salary"),
    "state_pension": _("state pension"),
    "cash_benefit": _("cash benefit"),
    "unemployment_benefit": _("unemployment benefit"),
    "student_grant": _("student grant (SU)"),
    "child_benefit": _("child benefit"),
}
ASSET_KIND_LABELS = {
    "bank": _("bank deposits"),
    "securities": _("securities"),
    "vehicle": _("vehicle"),
}
