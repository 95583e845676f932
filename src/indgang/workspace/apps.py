from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The staff workspace: role homes, the staff menu, the case workspace and
    the editors' pages. It owns no data; it reads and writes through the other
    apps' queries and services."""

    name = "indgang.workspace"
    label = "workspace"
    verbose_name = _("Staff workspace")
