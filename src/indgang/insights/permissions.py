"""Who may see which dashboards.

Dashboards show aggregates only, never a citizen. Still, an administration's
figures are its own: analysts see the dashboards of their own administration
and of the services it owns; analysts of a municipality-wide administration
(setting INSIGHTS_WIDE_ADMINISTRATIONS, by default Økonomiforvaltningen and
Kultur- og Fritidsforvaltningen with Borgerservice) see every dashboard and
the municipality-wide overview. Other staff are refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile
from indgang.insights import labels


@dataclass(frozen=True)
class Scope:
    administration: str
    wide: bool

    def may_see_administration(self, code: str) -> bool:
        return self.wide or code == self.administration

    def may_see_service(self, slug: str) -> bool:
        return self.wide or labels.service_administration(slug) == self.administration


def analyst_scope(request: HttpRequest) -> Scope:
    """The analyst's scope, or PermissionDenied (403) for everyone else."""
    profile = staff_profile(request.user)
    if profile is None or not has_role(request.user, StaffRole.ANALYST):
        raise PermissionDenied(_("Only analysts can see the channel insight dashboards."))
    code = profile.administration_id
    return Scope(code, code in settings.INSIGHTS_WIDE_ADMINISTRATIONS)


def require_administration(scope: Scope, code: str) -> None:
    if not scope.may_see_administration(code):
        raise PermissionDenied(_("These figures belong to another administration."))


def require_service(scope: Scope, slug: str) -> None:
    if not scope.may_see_service(slug):
        raise PermissionDenied(_("This service belongs to another administration."))


def require_wide(scope: Scope) -> None:
    if not scope.wide:
        raise PermissionDenied(_("Only municipality-wide analysts can see the overview."))
