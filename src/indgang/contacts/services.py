"""Public writes of the contact register: verbs taking the actor as keyword.

Every contact on every channel becomes one ``Contact``. A CPR number given
here is turned into the pseudonymous citizen key and dropped; it is never
stored. Re-contacts are linked as they are recorded (see ``link_recontact``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.contacts.constants import (
    SERVICE_TOPICS,
    Channel,
    Outcome,
    Reason,
    RecontactStatus,
    Source,
)
from indgang.contacts.models import Contact
from indgang.core.models import Administration, Team
from indgang.core.pseudonym import citizen_key as make_key
from indgang.identity.queries import staff_label, staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.cases.models import Case

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)


def recontact_days() -> int:
    """The re-contact window in days (``CONTACTS_RECONTACT_DAYS``)."""
    return int(getattr(settings, "CONTACTS_RECONTACT_DAYS", settings.CASES_RECONTACT_DAYS))


def topic_of(service: str) -> str:
    """The matter a service belongs to: lægeskift and sundhedskort are one."""
    return SERVICE_TOPICS.get(service, service)


def service_family(service: str) -> set[str]:
    """Every service slug (and the case topic slug) that is the same matter."""
    topic = topic_of(service)
    return {service, topic} | {slug for slug, t in SERVICE_TOPICS.items() if t == topic}


def home_of(service: str) -> tuple[str | None, int | None]:
    """The administration and team that own a service or case topic, if known."""
    from indgang.cases import queries as cases
    from indgang.catalogue import queries as catalogue

    found = catalogue.service(service) if service else None
    if found is not None:
        return found.administration_id, found.team_id
    topic = cases.topics().filter(slug=topic_of(service)).first() if service else None
    if topic is not None:
        return topic.administration_id, topic.team_id
    return None, None


def _check_choice(value: str, choices: type[Any], field: str, blank: bool = False) -> None:
    if blank and value == "":
        return
    if value not in choices.values:
        raise ValidationError(
            {field: _("“%(value)s” is not a known value.") % {"value": value}}, code="invalid"
        )


def link_recontact(contact: Contact) -> None:
    """Set ``earlier_contact`` and ``earlier_case`` on an unsaved or saved contact.

    The earlier contact is the latest one, on any channel, within
    ``recontact_days()`` before this one, by the same citizen about the same
    matter (service family) or about the same case. The earlier case is the
    citizen's latest case on the same topic in the window, other than the
    contact's own case.
    """
    since = contact.started_at - dt.timedelta(days=recontact_days())
    match = Q()
    if contact.case_id:
        match |= Q(case_id=contact.case_id)
    if contact.citizen_key and contact.service:
        match |= Q(citizen_key=contact.citizen_key, service__in=service_family(contact.service))
    if match:
        earlier = (
            Contact.objects.filter(match, started_at__gte=since, started_at__lte=contact.started_at)
            .exclude(pk=contact.pk)
            .order_by("-started_at", "-id")
            .first()
        )
        if earlier is not None:
            contact.earlier_contact = earlier
    earlier_case = find_earlier_case(contact)
    if earlier_case is not None:
        contact.earlier_case = earlier_case
    if contact.earlier_contact_id or contact.earlier_case_id:
        contact.recontact_status = RecontactStatus.SUGGESTED


def find_earlier_case(contact: Contact) -> Case | None:
    """The citizen's latest case on the contact's matter within the window
    before it, other than the contact's own case."""
    if not (contact.citizen_key and contact.service):
        return None
    from indgang.cases import queries as cases

    since = contact.started_at - dt.timedelta(days=recontact_days())
    return (
        cases.cases_of_citizen(contact.citizen_key)
        .filter(
            topic__slug__in=service_family(contact.service),
            created_at__gte=since,
            created_at__lte=contact.started_at,
        )
        .exclude(pk=contact.case_id or 0)
        .first()
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
        home_administration, team_id = home_of(service)
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
    link_recontact(contact)
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
    from indgang.core.constants import AuditAction
    from indgang.core.models import AuditEntry

    name, administration = staff_label(actor)
    AuditEntry.objects.create(
        actor=actor if isinstance(actor, User) else None,
        actor_name=name,
        actor_administration=administration,
        citizen_key=contact.citizen_key,
        action=AuditAction.CHANGE,
        what=what[:300],
        purpose=_("contact register"),
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


# Automatic recording from Indgang's own channels --------------------------------
#
# Each hook in another app is one call to one of these. The contact is written
# in the citizen's transaction but inside its own savepoint, and never raises:
# a failing register is rolled back alone and logged, and the citizen's action
# goes on (and if the citizen's action is rolled back, so is its contact). A
# savepoint rather than ``on_commit`` keeps the other apps' commit hooks as
# they are (self-service pins exactly one).


def _safely(what: str, record: Callable[[], object]) -> None:
    try:
        with transaction.atomic():
            record()
    except Exception:
        logger.exception("contact register: could not record %s", what)


def on_selfservice_submitted(submission: Any) -> None:
    """A citizen submitted a self-service form: one resolved digital contact."""
    slug = submission.definition.slug
    pk = submission.pk
    cpr = submission.cpr
    submitted_at = submission.submitted_at

    _safely(
        f"self-service submission {pk}",
        lambda: record_contact(
            channel=Channel.SELFSERVICE,
            service=slug,
            cpr=cpr,
            started_at=submitted_at,
            outcome=Outcome.RESOLVED,
            reason=Reason.NEW_MATTER,
            source=Source.AUTOMATIC,
            source_ref=f"selfservice:{pk}",
        ),
    )


def on_case_created(case: Case) -> None:
    """A citizen wrote through the secure contact form. A case a self-service
    submission created is already counted by that submission."""
    from indgang.cases.constants import CaseChannel

    if case.channel == CaseChannel.SELFSERVICE:
        return
    channels: dict[str, str] = {
        CaseChannel.PHONE: Channel.PHONE,
        CaseChannel.IN_PERSON: Channel.IN_PERSON,
        CaseChannel.EMAIL: Channel.EMAIL,
    }
    channel = channels.get(case.channel, Channel.WEB_FORM)
    pk = case.pk

    def record() -> None:
        from indgang.cases import queries as cases

        fresh = cases.case(case.reference) or case
        record_contact(
            channel=channel,
            service=fresh.topic.slug if fresh.topic else "",
            administration=fresh.administration_id,
            team=fresh.team,
            citizen_key=fresh.citizen_key,
            started_at=fresh.created_at,
            outcome=Outcome.FORWARDED,
            reason=Reason.NEW_MATTER,
            case=fresh,
            source=Source.AUTOMATIC,
            source_ref=f"case:{pk}",
        )

    _safely(f"case {pk}", record)


def on_citizen_message(
    *,
    cpr: str,
    case: Case | None = None,
    service: str = "",
    ref: str,
    at: dt.datetime | None = None,
) -> None:
    """A citizen sent a message in the secure inbox."""
    _safely(
        f"message {ref}",
        lambda: record_contact(
            channel=Channel.MESSAGE,
            service=service or (case.topic.slug if case is not None and case.topic else ""),
            cpr=cpr,
            case=case,
            started_at=at,
            outcome=Outcome.FOLLOW_UP,
            reason=Reason.SUPPLEMENT if case is not None else Reason.NEW_MATTER,
            source=Source.AUTOMATIC,
            source_ref=f"message:{ref}",
        ),
    )


# Bookable services at the citizen-service centres → catalogue service slugs.
BOOKING_SERVICES = {
    "pas": "pas",
    "kørekort": "koerekort",
    "sundhedskort og lægeskift": "laegeskift",
    "flytning og folkeregister": "flytning",
}


def known_services() -> dict[str, str]:
    """Every service slug a contact may carry, keyed by the slug and by the
    lower-cased names people use for it (catalogue services, case topics,
    the booking services and the service families)."""
    from indgang.cases.models import Topic
    from indgang.catalogue.models import Service

    known: dict[str, str] = {}
    for slug, topic in SERVICE_TOPICS.items():
        known[slug] = slug
        known[topic] = topic
    for name, slug in BOOKING_SERVICES.items():
        known[slug] = slug
        known[name] = slug
    for model in (Topic, Service):
        for slug, name in model.objects.values_list("slug", "name"):
            known[slug] = slug
            known.setdefault(name.strip().lower(), slug)
    return known


def slug_for(name: str) -> str:
    from django.utils.text import slugify

    name = name.strip().lower()
    if name in BOOKING_SERVICES:
        return BOOKING_SERVICES[name]
    for danish, latin in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(danish, latin)
    return slugify(name)[:80]


def on_attendance(booking: Any) -> None:
    """The front desk marked a booking attended: an in-person contact. A
    no-show is no contact (appointments measures the no-show rate)."""
    from indgang.appointments.constants import BookingStatus

    if booking.status != BookingStatus.CHECKED_IN:
        return
    service = slug_for(booking.service.name)
    unit_administration = booking.service.unit.administration_id
    pk, cpr, starts_at = booking.pk, booking.citizen_cpr, booking.starts_at
    duration = booking.service.duration_minutes * 60

    def record() -> None:
        administration, team_id = home_of(service)
        record_contact(
            channel=Channel.IN_PERSON,
            service=service,
            administration=administration or unit_administration,
            team=Team.objects.filter(pk=team_id).first() if administration and team_id else None,
            cpr=cpr,
            started_at=starts_at,
            duration_s=duration,
            outcome=Outcome.RESOLVED,
            reason=Reason.NEW_MATTER,
            source=Source.AUTOMATIC,
            source_ref=f"booking:{pk}",
        )

    _safely(f"booking {pk}", record)
