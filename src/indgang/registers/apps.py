from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "indgang.registers"
    label = "registers"
    verbose_name = _("Base registers")

    def ready(self) -> None:
        from indgang.registers.contrib.embedded import plugin  # noqa: F401  (registers it)
