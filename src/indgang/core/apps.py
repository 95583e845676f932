from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "indgang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from indgang.core import checks  # noqa: F401  (registers the system checks)
        from indgang.core.contrib.virusscan import checks as virusscan_checks  # noqa: F401
        from indgang.core.contrib.virusscan import clamd, demo  # noqa: F401  (registers them)
