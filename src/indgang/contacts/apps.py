from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indgang.contacts"
    label = "contacts"
    verbose_name = _("Contact register")

    def ready(self) -> None:
        from indgang.contacts import (
            checks,  # noqa: F401
            subscribers,
        )

        subscribers.connect()
