"""Insights listen to self-service, cases and contacts (subscribed in ``ready()``)."""

from __future__ import annotations

from indgang.cases.constants import CaseState
from indgang.core import events
from indgang.insights import services
from indgang.insights.rollup import rebuild


def submission_received(event: events.SubmissionReceived) -> None:
    """A short satisfaction survey, linked from the receipt; stored in the
    submission's transaction."""
    services.invite_after_selfservice(
        cpr=event.cpr, service=event.service, reference=event.reference
    )


def case_state_changed(event: events.CaseStateChanged) -> None:
    """The citizen is invited to the survey when their case is closed."""
    if event.to_state == CaseState.CLOSED:
        services.invite_after_case(event.case_id)


def contacts_changed(event: events.ContactsChanged) -> None:
    """Rebuild the daily aggregates for the days the contacts touched."""
    rebuild(event.first, event.last)


def connect() -> None:
    events.subscribe(events.SubmissionReceived, submission_received)
    events.subscribe(events.CaseStateChanged, case_state_changed, on_commit=True)
    # The writer reports a failing rebuild itself (it can be rerun).
    events.subscribe(events.ContactsChanged, contacts_changed, required=True)
