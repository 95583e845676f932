"""Cases listen to self-service (subscribed in ``ready()``)."""

from __future__ import annotations

from indgang.cases import services
from indgang.cases.constants import CaseChannel
from indgang.catalogue import vocabulary
from indgang.core import events


def submission_processed(event: events.SubmissionProcessed) -> None:
    """Every submission becomes a case; the submission id makes a retry harmless."""
    services.create_case(
        cpr=event.cpr,
        text=f"{event.title} ({event.reference})",
        subject=event.title,
        channel=CaseChannel.SELFSERVICE,
        topic_slug=vocabulary.selfservice_topic(event.service),
        source_ref=event.submission_id,
    )


def connect() -> None:
    # Part of processing the submission: a failure retries the whole task.
    events.subscribe(events.SubmissionProcessed, submission_processed, required=True)
