from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "indgang.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from indgang.appointments import checks  # noqa: F401
        from indgang.appointments.contrib.outbox import plugin  # noqa: F401
