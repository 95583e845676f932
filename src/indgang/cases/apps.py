from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indgang.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from indgang.cases import (
            checks,  # noqa: F401
            queries,
            subscribers,
        )
        from indgang.catalogue import queries as catalogue

        subscribers.connect()
        catalogue.add_source(queries.topic_services, owners=True)
