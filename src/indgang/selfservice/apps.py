from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "indgang.selfservice"
    label = "selfservice"
    verbose_name = _("Self-service")

    def ready(self) -> None:
        # The services built on the engine register their functions on import.
        from indgang.catalogue import queries as catalogue
        from indgang.selfservice import (  # noqa: F401
            assisted,
            checks,
            enkeltydelse,
            filestore,
            laegeskift,
            queries,
            sundhedskort,
        )

        catalogue.add_source(queries.named_services)
