from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indgang.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from indgang.messaging import (
            checks,  # noqa: F401
            subscribers,
        )
        from indgang.messaging.contrib.inbox import plugin as inbox  # noqa: F401
        from indgang.messaging.contrib.sf1601 import plugin as sf1601  # noqa: F401

        subscribers.connect()

        from indgang.cases import panels
        from indgang.messaging.views import case_panel

        panels.add("message_panel", case_panel)  # the thread on the staff case page
