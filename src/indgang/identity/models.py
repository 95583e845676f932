from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.models import Administration, Team
from indgang.identity.constants import StaffRole


class Role(models.Model):
    code = models.CharField(max_length=20, primary_key=True, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(StaffRole(self.code).label)


class StaffProfile(models.Model):
    """A staff member's place in the organisation. Every staff user has one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)
    # Where the staff member meets citizens, as citizens know it
    # ("Borgerservice Nørrebro"); shown on the citizen's page next to what
    # they helped with.
    workplace = models.CharField(_("workplace"), max_length=120, blank=True)
    roles = models.ManyToManyField(Role, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.administration_id})"

    def role_codes(self) -> set[str]:
        """The codes of this member's roles, read once per instance (a page
        asks several times); a change through ``roles`` forgets them."""
        codes: set[str] | None = getattr(self, "_role_codes", None)
        if codes is None:
            codes = set(self.roles.values_list("code", flat=True))
            self._role_codes = codes
        return set(codes)

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_codes", None)


def _roles_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, StaffProfile):
        instance.forget_roles()


models.signals.m2m_changed.connect(_roles_changed, sender=StaffProfile.roles.through)


class LoginAttempt(models.Model):
    """Failed staff logins, for rate limiting across processes."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class CitizenRelation(models.Model):
    """An administration has a matter with a citizen (a case, an assisted
    session, a booking). It is what lets that administration's staff read the
    citizen's data; other administrations are refused."""

    administration = models.ForeignKey(Administration, on_delete=models.PROTECT)
    citizen_key = models.CharField(max_length=64, db_index=True)
    reason = models.CharField(max_length=200)
    object_ref = models.CharField(max_length=100, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["citizen_key", "administration"])]
        verbose_name = _("citizen relation")
        verbose_name_plural = _("citizen relations")

    def __str__(self) -> str:
        return f"{self.administration_id}: {self.reason}"
