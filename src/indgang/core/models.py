from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.constants import AuditAction


class Administration(models.Model):
    """A forvaltning: fixed reference data with a stable code."""

    # Codes come from the municipality file (core/data/municipalities/), not a
    # fixed list: Copenhagen's seven are AdministrationCode.
    code = models.CharField(max_length=3, primary_key=True)
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


class Municipality(models.Model):
    """A municipality as configuration: loaded from one file per municipality
    (``core/data/municipalities/``) by ``indgang municipality load``."""

    code = models.CharField(_("municipality code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    administrations = models.ManyToManyField(Administration, related_name="municipalities")
    triage_administration = models.ForeignKey(
        Administration,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("central triage"),
    )
    active = models.BooleanField(_("active"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_municipality"
            )
        ]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class KleMapping(models.Model):
    """Which administration and team handle a KLE main group ("27"), group
    ("27.36") or topic ("27.36.04"); the longest match wins."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="kle_map")
    kle = models.CharField(
        _("KLE number"),
        max_length=8,
        help_text=_("A main group (27), a group (27.36) or a topic (27.36.04)."),
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, verbose_name=_("administration")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("team")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "kle"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kle"], name="kle_mapping_unique")
        ]
        verbose_name = _("KLE mapping")
        verbose_name_plural = _("KLE map")

    def __str__(self) -> str:
        return f"{self.kle} → {self.administration_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from indgang.core import kle

        if not kle.NUMBER.match(self.kle):
            raise ValidationError({"kle": _("Write a KLE number as 27, 27.36 or 27.36.04.")})
        if self.team is not None and self.team.administration_id != self.administration_id:
            raise ValidationError({"team": _("The team must belong to the administration.")})


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
