from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "indgang.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Importing the plugins registers them.
        from indgang.notifications.contrib.http import plugin as http  # noqa: F401
        from indgang.notifications.contrib.outbox import plugin as outbox  # noqa: F401
