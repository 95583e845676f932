"""Messaging listens to cases and self-service (subscribed in ``ready()``)."""

from __future__ import annotations

from indgang.cases import queries as cases
from indgang.core import events
from indgang.messaging import services


def case_created(event: events.CaseCreated) -> None:
    """The case's thread, opened with the case so that reading a page never
    writes, with the inquiry's files on its first message. A case nobody can
    be answered on (anonymous, no e-mail) gets none."""
    case = cases.case_by_id(event.case_id)
    assert case is not None
    if event.files:
        services.attach_to_inquiry(case, event.files)
    elif case.cpr or case.cvr or case.reply_email:
        services.ensure_thread(case)


def submission_processed(event: events.SubmissionProcessed) -> None:
    """A copy of the receipt in the citizen's messages, in the thread of the
    case the submission became (cases handles the event first)."""
    services.copy_receipt(
        cpr=event.cpr,
        reference=event.reference,
        title=event.title,
        source_ref=f"receipt:{event.submission_id}",
        case_source_ref=event.submission_id,
    )


def connect() -> None:
    # Both are part of the publisher's work: the case and its thread are
    # one, and a receipt copy that fails retries the submission's task.
    events.subscribe(events.CaseCreated, case_created, required=True)
    events.subscribe(events.SubmissionProcessed, submission_processed, required=True)
