"""The operations page in a real browser: axe-clean, and a failed task retried by keyboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indgang.core.browser import assert_accessible
from indgang.operations.models import WorkerHeartbeat

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_administrator_retries_a_failed_task(page: Any, live_population: Any) -> None:
    from indgang.conftest import PASSWORD, make_staff

    page.set_default_timeout(60_000)  # the first request imports every view
    make_staff("ida_okf", "okf", ["administrator"], None)
    failed = DBTaskResult.objects.create(
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path="indgang.cases.tasks.deliver_webhook",
        backend_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
        status="FAILED",
        exception_class_path="builtins.ConnectionError",
        traceback="Traceback …\nConnectionError: the case system did not answer\n",
    )
    DBTaskResult.objects.filter(pk=failed.pk).update(finished_at=timezone.now())
    WorkerHeartbeat.objects.create(
        worker_id="worker-a",
        host="drift-01",
        pid=4711,
        started_at=timezone.now(),
        last_beat=timezone.now() - dt.timedelta(minutes=5),
    )

    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("ida_okf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/")
    page.get_by_role(
        "link", name="Baggrundsarbejde: kø, arbejdsprocesser og fejlede opgaver"
    ).click()
    page.wait_for_url("**/medarbejder/drift/")
    page.get_by_text("Ingen arbejdsproces har meldt sig i det seneste minut").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Prøv igen: Webhook til et sagssystem").focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Opgaven er sat i kø igen").wait_for()
    assert_accessible(page)
    failed.refresh_from_db()
    assert failed.status == "READY"
