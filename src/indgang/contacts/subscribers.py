"""The contact register listens to the apps upstream: every citizen-facing
action on Indgang's own channels becomes one contact.

Subscribed in ``ContactsConfig.ready()``. Each handler runs in the citizen's
transaction inside its own savepoint (``core.events``): a failing register
is rolled back alone and logged, the citizen's action goes on, and if the
citizen's action is rolled back, so is its contact.
"""

from __future__ import annotations

from indgang.cases import queries as cases
from indgang.cases.constants import CaseChannel
from indgang.catalogue import queries as catalogue
from indgang.catalogue import vocabulary
from indgang.contacts import services
from indgang.contacts.constants import Channel, Outcome, Reason, Source
from indgang.core import events
from indgang.core.models import Team

# How a case came in → the channel of its contact (anything else: web form).
CASE_CHANNELS: dict[str, str] = {
    CaseChannel.PHONE: Channel.PHONE,
    CaseChannel.IN_PERSON: Channel.IN_PERSON,
    CaseChannel.EMAIL: Channel.EMAIL,
}


def submission_received(event: events.SubmissionReceived) -> None:
    """A citizen submitted a self-service form: one resolved digital contact."""
    services.record_contact(
        channel=Channel.SELFSERVICE,
        service=event.service,
        cpr=event.cpr,
        started_at=event.submitted_at,
        outcome=Outcome.RESOLVED,
        reason=Reason.NEW_MATTER,
        source=Source.AUTOMATIC,
        source_ref=f"selfservice:{event.submission_id}",
    )


def case_created(event: events.CaseCreated) -> None:
    """A citizen wrote through the secure contact form (or staff opened a case
    for them). A case a self-service submission created is already counted by
    that submission."""
    if event.channel == CaseChannel.SELFSERVICE:
        return
    case = cases.case(event.reference)
    if case is None:
        return
    services.record_contact(
        channel=CASE_CHANNELS.get(event.channel, Channel.WEB_FORM),
        service=case.topic.slug if case.topic else "",
        administration=case.administration_id,
        team=case.team,
        citizen_key=case.citizen_key,
        started_at=case.created_at,
        outcome=Outcome.FORWARDED,
        reason=Reason.NEW_MATTER,
        case=case,
        source=Source.AUTOMATIC,
        source_ref=f"case:{event.case_id}",
    )


def citizen_message_received(event: events.CitizenMessageReceived) -> None:
    """A citizen sent a message in the secure inbox."""
    case = cases.case_by_id(event.case_id) if event.case_id is not None else None
    services.record_contact(
        channel=Channel.MESSAGE,
        service=case.topic.slug if case is not None and case.topic else "",
        cpr=event.cpr,
        case=case,
        started_at=event.at,
        outcome=Outcome.FOLLOW_UP,
        reason=Reason.SUPPLEMENT if case is not None else Reason.NEW_MATTER,
        source=Source.AUTOMATIC,
        source_ref=f"message:{event.message_id}",
    )


def booking_attended(event: events.BookingAttended) -> None:
    """The front desk marked a booking attended: an in-person contact. (A
    no-show is no contact; appointments measures the no-show rate.)"""
    service = vocabulary.slug_for(event.service_name)
    administration, team_id = catalogue.home_of(service)
    services.record_contact(
        channel=Channel.IN_PERSON,
        service=service,
        administration=administration or event.unit_administration,
        team=Team.objects.filter(pk=team_id).first() if administration and team_id else None,
        cpr=event.cpr,
        started_at=event.starts_at,
        duration_s=event.duration_s,
        outcome=Outcome.RESOLVED,
        reason=Reason.NEW_MATTER,
        source=Source.AUTOMATIC,
        source_ref=f"booking:{event.booking_id}",
    )


def connect() -> None:
    events.subscribe(events.SubmissionReceived, submission_received)
    events.subscribe(events.CaseCreated, case_created)
    events.subscribe(events.CitizenMessageReceived, citizen_message_received)
    events.subscribe(events.BookingAttended, booking_attended)
