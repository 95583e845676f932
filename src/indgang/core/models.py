from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.constants import AdministrationCode, AuditAction


class Administration(models.Model):
    """A forvaltning: fixed reference data with a stable code."""

    code = models.CharField(max_length=3, primary_key=True, choices=AdministrationCode.choices)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="teams"
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["administration", "name"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "slug"], name="team_unique_slug")
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.name} ({self.administration_id})"


class AuditLogIsAppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One staff read or change of a citizen's personal data.

    Append-only: the application refuses updates and deletes, and on
    PostgreSQL a trigger refuses them in the database too (migration 0003).
    The citizen is stored as a pseudonymous key, never as a CPR number.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Denormalised so the entry still reads correctly if the staff member
    # later changes name or administration.
    actor_name = models.CharField(max_length=200)
    actor_administration = models.CharField(max_length=3, blank=True)
    citizen_key = models.CharField(max_length=64, db_index=True, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    what = models.CharField(max_length=300)
    purpose = models.CharField(max_length=300, blank=True)
    object_ref = models.CharField(max_length=100, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")
