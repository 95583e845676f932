"""Downstream work after a submission: runs in the task worker, with retries."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from indgang.cases import queries as case_queries
from indgang.cases import services as cases
from indgang.cases.constants import CaseChannel
from indgang.messaging import services as messaging
from indgang.selfservice import functions
from indgang.selfservice.constants import ProcessingStatus
from indgang.selfservice.models import Submission

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _open_case(submission: Submission) -> None:
    """Every submission becomes a case; the submission id makes a retry harmless."""
    definition = submission.definition.definition
    title = definition.get("title", {}).get("da") or submission.definition.slug
    cases.create_case(
        cpr=submission.cpr,
        text=f"{title} ({submission.reference})",
        subject=title,
        channel=CaseChannel.SELFSERVICE,
        topic_slug=case_queries.selfservice_topic(submission.definition.slug),
        source_ref=str(submission.pk),
    )


def _copy_receipt(submission: Submission) -> None:
    """A copy of the receipt in the citizen's messages, in the case's thread."""
    definition = submission.definition.definition
    messaging.copy_receipt(
        cpr=submission.cpr,
        reference=submission.reference,
        title=definition.get("title", {}).get("da") or submission.definition.slug,
        source_ref=f"receipt:{submission.pk}",
        case_source_ref=str(submission.pk),
    )


@task()
def process_submission(submission_id: str) -> str:
    """Run the service's handler once per submission; a rerun does nothing.

    A failure is recorded and the task is enqueued again with a growing delay,
    up to ``MAX_ATTEMPTS``; the submission itself is never lost.
    """
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission_id)
            if submission.status == ProcessingStatus.DONE:
                return "already done"
            name = submission.definition.definition.get("on_submit")
            result = functions.handlers[name](submission) if name else {}
            _open_case(submission)
            _copy_receipt(submission)
            submission.status = ProcessingStatus.DONE
            submission.result = result
            submission.processed_at = timezone.now()
            submission.attempts += 1
            submission.save(update_fields=["status", "result", "processed_at", "attempts"])
            return "done"
    except Exception:
        logger.exception("processing submission %s failed", submission_id)
        submission = Submission.objects.get(pk=submission_id)
        submission.attempts += 1
        submission.status = ProcessingStatus.FAILED
        submission.save(update_fields=["attempts", "status"])
        if submission.attempts < MAX_ATTEMPTS:
            delay = dt.timedelta(minutes=2**submission.attempts)
            process_submission.using(run_after=timezone.now() + delay).enqueue(submission_id)
        return "failed"
