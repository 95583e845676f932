"""Public writes of the contact register: verbs taking the actor as keyword.

Every contact on every channel becomes one ``Contact``. A CPR number given
here is turned into the pseudonymous citizen key and dropped; it is never
stored. Re-contacts are linked as they are recorded (``contacts.recontact``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.catalogue import queries as catalogue
from indgang.contacts import recontact
from indgang.contacts.constants import (
    INFERENCE_DAYS,
    Channel,
    LinkBasis,
    Outcome,
    Reason,
    RecontactStatus,
    Source,
)
from indgang.contacts.models import AttemptLink, Contact
from indgang.core import audit
from indgang.core.models import Administration, Team
from indgang.core.pseudonym import citizen_key as make_key
from indgang.identity.queries import staff_profile
from indgang.selfservice import queries as selfservice

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


# -- contacts caused by self-service attempts ------------------------------------


def suggested_reason(attempt: selfservice.Attempt) -> str:
    """The reason a contact about this attempt most likely has: chasing a
    submitted one; not understanding the form that stopped them with an
    error; else needing guidance."""
    if attempt.state == selfservice.AttemptState.SUBMITTED:
        return Reason.CHASING
    if attempt.errors:
        return Reason.NOT_UNDERSTOOD
    return Reason.GUIDANCE


def _link_values(attempt: selfservice.Attempt, field: str) -> dict[str, Any]:
    error = next((e for e in attempt.errors if e.field == field), None)
    if error is None and attempt.errors and not field:
        error = attempt.errors[0]
    return {
        "draft_id": attempt.draft_id or None,
        "submission_reference": attempt.submission_reference,
        "service": attempt.service,
        "version": attempt.version,
        "step": error.step if error else attempt.step,
        "field": error.field if error else "",
        "rule": error.rule if error else "",
        "attempt_outcome": attempt.state,
    }


@transaction.atomic
def link_attempt(
    contact: Contact, *, draft_id: str, field: str = "", reason: str = "", actor: Actor
) -> AttemptLink:
    """Staff say "this contact is about that self-service attempt" (audited).

    Only an attempt of the contact's own citizen can be linked: the draft's
    owner must have the contact's citizen key. The contact takes the reason
    chosen (or the suggested one) and the attempt's service when it had none.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _check_staff(actor, contact)
    cpr = selfservice.draft_owner(draft_id)
    if not cpr or not contact.citizen_key or make_key(cpr) != contact.citizen_key:
        raise PermissionDenied(_("The attempt belongs to another citizen."))
    attempt = selfservice.attempt_of(cpr, draft_id)
    if attempt is None:
        raise ValidationError(_("The self-service attempt is no longer kept."))
    _check_choice(reason, Reason, "reason", blank=True)
    link, _created = AttemptLink.objects.update_or_create(  # type: ignore[misc]
        contact=contact,
        defaults={
            **_link_values(attempt, field),
            "basis": LinkBasis.STAFF,
            "basis_rule": "",
            "channel": contact.channel,
            "started_at": contact.started_at,
            "duration_s": contact.duration_s,
            "linked_by": actor if actor is not None and actor.is_authenticated else None,
            "linked_at": timezone.now(),
        },
    )
    contact.reason = reason or suggested_reason(attempt)
    contact.service = contact.service or attempt.service
    contact.save(update_fields=["reason", "service"])
    audit.citizen_data_changed(
        actor,
        cpr,
        f"contact {contact.pk}: linked to self-service attempt "
        f"{attempt.service} v{attempt.version} {link.step} {link.field}".strip(),
        _("contact register"),
        object_ref=f"contact:{contact.pk}",
    )
    return link


def inference_rule(days: int, channels: Iterable[str]) -> str:
    """The bulk rule in words, stored with every link it makes."""
    names = ", ".join(str(Channel(c).label).lower() for c in channels)
    return _(
        "A contact (%(channels)s) about the same service by the same citizen within "
        "%(days)s days after a self-service attempt that was abandoned or stopped at a "
        "validation error."
    ) % {"channels": names, "days": days}


def infer_attempt_links(
    since: dt.datetime,
    until: dt.datetime,
    *,
    days: int = INFERENCE_DAYS,
    channels: tuple[str, ...] = (Channel.PHONE,),
) -> int:
    """Link contacts without a link in bulk to the attempts that most likely
    caused them: a contact on ``channels`` about the same service by the same
    citizen (the pseudonymous key) within ``days`` days after an abandoned or
    failed attempt whose last activity is in [since, until). Each contact is
    linked to the latest such attempt before it, marked as inferred with the
    rule stated. Returns the number of links made."""
    window = dt.timedelta(days=days)
    # Per (citizen key, service): the failed attempts, oldest first.
    attempts: dict[tuple[str, str], list[selfservice.Attempt]] = {}
    for cpr, attempt in selfservice.unfinished_attempts(since, until):
        attempts.setdefault((make_key(cpr), attempt.service), []).append(attempt)
    if not attempts:
        return 0
    for found in attempts.values():
        found.sort(key=lambda a: a.last_activity)
    keys = {key for key, _service in attempts}
    candidates = (
        Contact.objects.filter(
            channel__in=channels,
            started_at__gte=since,
            started_at__lt=until + window,
            citizen_key__in=keys,
            attempt__isnull=True,
        )
        .only("id", "citizen_key", "service", "channel", "started_at", "duration_s")
        .order_by("started_at")
    )
    rule = inference_rule(days, channels)
    links = []
    for contact in candidates.iterator(chunk_size=2000):
        before = [
            a
            for a in attempts.get((contact.citizen_key, contact.service), [])
            if a.last_activity <= contact.started_at <= a.last_activity + window
        ]
        if not before:
            continue
        links.append(
            AttemptLink(
                contact_id=contact.pk,
                **_link_values(before[-1], ""),
                basis=LinkBasis.INFERRED,
                basis_rule=rule[:200],
                channel=contact.channel,
                started_at=contact.started_at,
                duration_s=contact.duration_s,
            )
        )
    AttemptLink.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return len(links)


# -- audit texts written here (see core.audit.describe) -------------------------------


@audit.describer(
    r"contact (?P<pk>\d+): re-contact link (?P<what>confirmed|undone)(?: \((?P<earlier>.+)\))?",
    "contact 12: re-contact link undone (KK-2026-00001)",
)
def _contact_text(match: re.Match[str]) -> str:
    if match["what"] == "confirmed":
        return _("contact %(pk)s: re-contact link confirmed") % {"pk": match["pk"]}
    return _("contact %(pk)s: re-contact link undone") % {"pk": match["pk"]}
