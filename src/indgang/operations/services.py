"""Writes of the operations app: an administrator runs a failed task again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult, get_date_max

from indgang.core import audit
from indgang.identity.permissions import may_operate
from indgang.operations.labels import task_label

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@transaction.atomic
def retry_task(task_id: str, *, actor: AbstractBaseUser | AnonymousUser) -> DBTaskResult[Any, Any]:
    """Put a failed task back in the queue, to run as soon as a worker is free."""
    if not may_operate(actor):
        raise PermissionDenied(_("Only administrators can retry background tasks."))
    task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
    if task is None or task.status != "FAILED":
        raise ValidationError(_("Only a task that failed can be tried again."))
    error = task.exception_class_path.rsplit(".", 1)[-1]
    task.status = "READY"
    task.run_after = get_date_max()
    task.started_at = None
    task.finished_at = None
    task.exception_class_path = ""
    task.traceback = ""
    task.return_value = None
    task.save()
    audit.background_task_retried(
        actor, f"{task_label(task.task_path)} ({error})"[:300], object_ref=str(task.pk)
    )
    return task
