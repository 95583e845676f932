from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    FRONT_DESK = "front_desk", _("Front desk")
    CASEWORKER = "caseworker", _("Caseworker")
    EDITOR = "editor", _("Editor")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose work is with individual citizens; only they may read a
# citizen's personal data, and only within their administration's matters.
CITIZEN_FACING_ROLES = frozenset({StaffRole.FRONT_DESK, StaffRole.CASEWORKER})

# Borgerservice (in kff) serves every citizen of the municipality: its front
# desk may look anyone up, for a stated purpose that is audited.
BORGERSERVICE_ADMINISTRATION = "kff"
