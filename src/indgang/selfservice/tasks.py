"""Downstream work after a submission: runs in the task worker, with retries."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from indgang.core import events
from indgang.selfservice import functions
from indgang.selfservice.constants import ProcessingStatus
from indgang.selfservice.models import Submission

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _processed(submission: Submission) -> events.SubmissionProcessed:
    """Every submission becomes a case (cases) and a receipt copy in the
    citizen's messages (messaging); the submission id makes a retry harmless."""
    definition = submission.definition.definition
    return events.SubmissionProcessed(
        submission_id=str(submission.pk),
        reference=submission.reference,
        service=submission.definition.slug,
        title=definition.get("title", {}).get("da") or submission.definition.slug,
        cpr=submission.cpr,
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
            events.publish(_processed(submission))
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
