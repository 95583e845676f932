from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "indgang.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from indgang.appointments import queries
        from indgang.catalogue import queries as catalogue

        catalogue.add_source(queries.named_services)
