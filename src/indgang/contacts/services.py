"""Public writes of the contact register: verbs taking the actor as keyword.

Every contact on every channel becomes one ``Contact``. A CPR number given
here is turned into the pseudonymous citizen key and dropped; it is never
stored. Re-contacts are linked as they are recorded (``contacts.recontact``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.catalogue import queries as catalogue
from indgang.contacts import recontact
from indgang.contacts.constants import (
    Channel,
    Outcome,
    Reason,
    RecontactStatus,
    Source,
)
from indgang.contacts.models import Contact
from indgang.core import audit
from indgang.core.models import Administration, Team
from indgang.core.pseudonym import citizen_key as make_key
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.cases.models import Case

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)


def _check_choice(value: str, choices: type[Any], field: str, blank: bool = False) -> None:
    if blank and value == "":
        return
    if value not in choices.values:
        raise ValidationError(
            {field: _("“%(value)s” is not a known value.") % {"value": value}}, code="invalid"
        )


def _administration(value: Administration | str | None) -> Administration | None:
    if value is None or isinstance(value, Administration):
        return value
    found = Administration.objects.filter(code=value).first()
    if found is None:
        raise ValidationError(
            {"administration": _("Unknown administration “%(code)s”.") % {"code": value}}
        )
    return found


@transaction.atomic
def record_contact(
    *,
    channel: str,
    service: str = "",
    administration: Administration | str | None = None,
    team: Team | None = None,
    cpr: str | None = None,
    citizen_key: str = "",
    started_at: dt.datetime | None = None,
    duration_s: int | None = None,
    outcome: str = Outcome.RESOLVED,
    reason: str = "",
    case: Case | None = None,
    source: str,
    source_ref: str = "",
    actor: Actor = None,
) -> Contact:
    """Record one contact; returns the existing one for a known (source, source_ref).

    A CPR number is hashed into the pseudonymous citizen key and never
    stored. Administration and team default to the service's owners.
    """
    _check_choice(channel, Channel, "channel")
    _check_choice(outcome, Outcome, "outcome")
    _check_choice(reason, Reason, "reason", blank=True)
    _check_choice(source, Source, "source")
    if duration_s is not None and duration_s < 0:
        raise ValidationError({"duration_s": _("A duration cannot be negative.")})
    if source_ref:
        existing = Contact.objects.filter(source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing
    key = make_key(cpr) if cpr else citizen_key
    home_administration: Administration | str | None = administration
    team_id = team.pk if team is not None else None
    if team is not None and home_administration is None:
        home_administration = team.administration_id
    if home_administration is None and team_id is None and service:
        home_administration, team_id = catalogue.home_of(service)
    if case is not None and home_administration is None:
        home_administration, team_id = case.administration_id, case.team_id
    contact = Contact(
        channel=channel,
        service=service[:80],
        administration=_administration(home_administration),
        team_id=team_id,
        citizen_key=key,
        started_at=started_at or timezone.now(),
        duration_s=duration_s,
        outcome=outcome,
        reason=reason,
        case=case,
        source=source,
        source_ref=source_ref[:120],
        registered_by=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
    )
    recontact.link(contact)
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # A concurrent call recorded the same (source, source_ref) first.
        if not source_ref:
            raise
        return Contact.objects.get(source=source, source_ref=source_ref)
    return contact


def _check_staff(actor: Actor, contact: Contact) -> None:
    profile = staff_profile(actor)
    if profile is None or (
        contact.administration_id is not None
        and profile.administration_id != contact.administration_id
    ):
        raise PermissionDenied(_("This contact belongs to another administration."))


def _audit_link(actor: Actor, contact: Contact, what: str) -> None:
    # The register holds no CPR number, so the audit entry names the contact;
    # the citizen key stays in the contact itself.
    audit.citizen_data_changed_by_key(
        actor,
        contact.citizen_key,
        what,
        _("contact register"),
        object_ref=f"contact:{contact.pk}",
    )


@transaction.atomic
def confirm_recontact(contact: Contact, *, actor: Actor) -> Contact:
    """Staff confirm that the automatic re-contact link is right (audited)."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _check_staff(actor, contact)
    if not contact.is_recontact:
        raise ValidationError(_("The contact is not linked to an earlier one."))
    contact.recontact_status = RecontactStatus.CONFIRMED
    contact.save(update_fields=["recontact_status"])
    _audit_link(actor, contact, f"contact {contact.pk}: re-contact link confirmed")
    return contact


@transaction.atomic
def undo_recontact(contact: Contact, *, actor: Actor) -> Contact:
    """Staff remove a wrong re-contact link (audited); it is not linked again."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _check_staff(actor, contact)
    if not contact.is_recontact:
        raise ValidationError(_("The contact is not linked to an earlier one."))
    earlier = f"contact {contact.earlier_contact_id} case {contact.earlier_case_id}"
    contact.earlier_contact = None
    contact.earlier_case = None
    contact.recontact_status = RecontactStatus.UNDONE
    contact.save(update_fields=["earlier_contact", "earlier_case", "recontact_status"])
    _audit_link(actor, contact, f"contact {contact.pk}: re-contact link undone ({earlier})")
    return contact


@transaction.atomic
def delete_registration(contact: Contact, *, actor: Actor) -> None:
    """Undo a staff registration: only its registrant, and only the same day."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if (
        contact.source != Source.STAFF
        or contact.registered_by_id is None
        or contact.registered_by_id != getattr(actor, "pk", None)
    ):
        raise PermissionDenied(_("Only the staff member who registered a contact can undo it."))
    if timezone.localdate(contact.started_at) != timezone.localdate():
        raise ValidationError(_("A registration can only be undone on the day it was made."))
    Contact.objects.filter(earlier_contact=contact).update(
        earlier_contact=None, recontact_status=""
    )
    contact.delete()


@transaction.atomic
def update_outcome(contact_id: int, *, outcome: str, case: Case | None = None) -> Contact | None:
    """Change the outcome of a contact Indgang recorded itself, e.g. a chat
    conversation that later became a case."""
    _check_choice(outcome, Outcome, "outcome")
    contact = Contact.objects.select_for_update().filter(pk=contact_id).first()
    if contact is None:
        return None
    contact.outcome = outcome
    fields = ["outcome"]
    if case is not None:
        contact.case = case
        fields.append("case")
    contact.save(update_fields=fields)
    return contact


# -- audit texts written here (see core.audit.describe) -------------------------------


@audit.describer(
    r"contact (?P<pk>\d+): re-contact link (?P<what>confirmed|undone)(?: \((?P<earlier>.+)\))?",
    "contact 12: re-contact link undone (KK-2026-00001)",
)
def _contact_text(match: re.Match[str]) -> str:
    if match["what"] == "confirmed":
        return _("contact %(pk)s: re-contact link confirmed") % {"pk": match["pk"]}
    return _("contact %(pk)s: re-contact link undone") % {"pk": match["pk"]}
