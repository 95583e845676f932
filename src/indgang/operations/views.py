"""The operations page for administrators: is background work running?"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.identity.permissions import may_operate
from indgang.operations import health, queries, services


def _refuse_unless_operator(request: HttpRequest) -> None:
    if not may_operate(request.user):
        raise PermissionDenied(_("Only administrators can see the operation of background work."))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _refuse_unless_operator(request)
    result = health.check()
    return render(
        request,
        "operations/overview.html",
        {
            "health": result,
            "checks": {check.name: check for check in result.checks},
            "failed": queries.failed_tasks(),
            "jobs": queries.scheduled_jobs(),
        },
    )


@login_required
@require_POST
def retry(request: HttpRequest, task_id: str) -> HttpResponse:
    _refuse_unless_operator(request)
    try:
        services.retry_task(str(task_id), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The task is queued again and runs when a worker is free."))
    return redirect("operations:overview")
