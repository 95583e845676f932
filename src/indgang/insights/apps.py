from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indgang.insights"
    label = "insights"
    verbose_name = _("Channel insight")

    def ready(self) -> None:
        from indgang.insights import (
            checks,  # noqa: F401
            subscribers,
        )

        subscribers.connect()
