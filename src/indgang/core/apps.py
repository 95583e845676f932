from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "indgang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from indgang.core import checks  # noqa: F401  (registers the system checks)
        from indgang.core.contrib.clamd import plugin as clamd  # noqa: F401  (registers it)
        from indgang.core.contrib.eicar import plugin as eicar  # noqa: F401  (registers it)
