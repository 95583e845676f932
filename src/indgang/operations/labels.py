"""Names people read on the operations page instead of code paths."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TASKS: dict[str, Promise] = {
    "indgang.messaging.tasks.deliver_message": _("Delivery of a message"),
    "indgang.notifications.tasks.send_notification": _("Sending of an SMS or e-mail"),
    "indgang.selfservice.tasks.process_submission": _("Processing of a self-service submission"),
    "indgang.cases.tasks.deliver_webhook": _("Webhook to a case system"),
    "indgang.mining.tasks.import_event_log": _("Import of an event log"),
}

JOBS: dict[str, Promise] = {
    "appointment-reminders": _("Appointment reminders"),
    "selfservice-housekeeping": _("Housekeeping of self-service drafts"),
    "webhook-retries": _("Retries of webhooks"),
    "message-redelivery": _("Redelivery of stalled messages"),
    "file-rescan": _("Rescan of unscanned files"),
    "case-purge": _("Deletion of personal data in old cases"),
    "message-purge": _("Deletion of old messages"),
    "task-results-prune": _("Clean-up of finished background tasks"),
}


def task_label(task_path: str) -> str:
    return str(TASKS.get(task_path) or task_path.rsplit(".", 1)[-1].replace("_", " "))


def job_label(name: str) -> str:
    return str(JOBS.get(name) or name.replace("-", " "))
