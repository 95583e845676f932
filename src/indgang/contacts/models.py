from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.contacts.constants import (
    AttemptOutcome,
    Channel,
    LinkBasis,
    Outcome,
    Reason,
    RecontactStatus,
    Source,
)
from indgang.core.models import Administration, Team


class Contact(models.Model):
    """One contact on one channel. Analysts see the pseudonymous citizen key,
    never the CPR number; it is not stored here at all."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # A catalogue service slug or a case topic slug ("laegeskift", "boligstoette").
    service = models.CharField(_("service"), max_length=80, blank=True)
    # No single-column index: (administration, started_at) below serves it.
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, null=True, blank=True, db_index=False
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)
    citizen_key = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("start"), default=timezone.now)
    duration_s = models.PositiveIntegerField(_("duration in seconds"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RESOLVED
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    # When this contact is a re-contact: the earlier contact or case it repeats.
    # Mostly empty links get partial indexes (see Meta): cheaper bulk loads.
    earlier_contact = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recontacts",
        db_index=False,
        # The table is partitioned by month on PostgreSQL (migration 0004): no
        # unique index on id alone for a constraint; on_delete runs in Django.
        db_constraint=False,
    )
    earlier_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    recontact_status = models.CharField(
        _("re-contact link"), max_length=20, choices=RecontactStatus.choices, blank=True
    )
    # The case this contact is about (a contact-form message creates one).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        db_index=False,
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.AUTOMATIC)
    # Idempotency for imports, the API and automatic recording: (source, source_ref).
    source_ref = models.CharField(max_length=120, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["started_at"]),
            models.Index(fields=["citizen_key", "started_at"]),
            models.Index(fields=["service", "started_at"]),
            models.Index(fields=["administration", "started_at"]),
            *(
                models.Index(
                    fields=[name],
                    condition=models.Q(**{f"{name}__isnull": False}),
                    name=f"contact_{name}_set",
                )
                for name in ("earlier_contact", "earlier_case", "case", "registered_by")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="contact_source_ref_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_recontact(self) -> bool:
        return self.earlier_contact_id is not None or self.earlier_case_id is not None


class AttemptLink(models.Model):
    """A contact caused by a self-service attempt: the draft or submission, the
    step and field where it went wrong. Pseudonymous: the attempt is named by
    its draft id and service version, never by the citizen or the answers, and
    the link outlives the draft (which is purged). Channel, start and duration
    are copied from the contact, so failure-demand figures read this table alone."""

    # No database constraint: the contact register may be partitioned, and a
    # link is derived data that goes with its contact.
    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="attempt", db_constraint=False
    )
    draft_id = models.UUIDField(null=True, blank=True)
    submission_reference = models.CharField(max_length=20, blank=True)
    service = models.CharField(_("service"), max_length=80)
    version = models.PositiveIntegerField(_("definition version"))
    step = models.CharField(_("step"), max_length=60, blank=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    rule = models.CharField(_("rule"), max_length=60, blank=True)
    attempt_outcome = models.CharField(_("attempt"), max_length=20, choices=AttemptOutcome.choices)
    basis = models.CharField(_("linked"), max_length=20, choices=LinkBasis.choices)
    # For inferred links: the rule that made the link, in words.
    basis_rule = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    started_at = models.DateTimeField()
    duration_s = models.PositiveIntegerField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("self-service attempt link")
        verbose_name_plural = _("self-service attempt links")
        indexes = [
            models.Index(fields=["service", "started_at"], name="attempt_service_start"),
            models.Index(fields=["started_at"], name="attempt_start"),
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.version} {self.step}.{self.field}"
