from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "indgang.identity"
    label = "identity"
    verbose_name = _("Identity and roles")

    def ready(self) -> None:
        # Importing the plugins registers them; importing the checks registers those.
        from indgang.identity import checks  # noqa: F401
        from indgang.identity.contrib.oidc import plugin as oidc  # noqa: F401
        from indgang.identity.contrib.testidp import plugin as testidp  # noqa: F401
