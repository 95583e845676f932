"""Nothing is lost: drafts on every step, resume, validation errors, funnel events."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from indgang.selfservice import services
from indgang.selfservice.constants import DraftStatus, FunnelEventKind, ProcessingStatus
from indgang.selfservice.models import Draft, FunnelEvent, Submission
from indgang.selfservice.tasks import process_submission
from indgang.selfservice.tests.helpers import draft_id, near_clinics, start

pytestmark = pytest.mark.django_db


def kinds(draft: str) -> list[tuple[str, str, str, str]]:
    return [(e.kind, e.step, e.field, e.rule) for e in FunnelEvent.objects.filter(draft_id=draft)]


def test_a_validation_error_keeps_the_answers_and_records_field_and_rule(
    definitions, citizen_client
):
    first = start(citizen_client)
    draft = draft_id(first)
    citizen_client.get(first)
    response = citizen_client.post(first, {})
    assert response.status_code == 302  # the facts step has nothing to fill in
    step = response["Location"]
    assert step.endswith("/sygesikring/")
    response = citizen_client.post(step, {})
    assert response.status_code == 422
    assert "Vælg, om du vil blive i din gruppe eller skifte." in response.content.decode()
    # The fee step rejects "moved" when the register shows no recent move.
    citizen_client.post(step, {"insurance": "keep"})
    clinic = near_clinics(Draft.objects.get(pk=draft).cpr)[0][1]
    citizen_client.post(f"/selvbetjening/kladde/{draft}/laege/", {"clinic": clinic.id})
    citizen_client.post(f"/selvbetjening/kladde/{draft}/boern/", {})
    response = citizen_client.post(f"/selvbetjening/kladde/{draft}/gebyr/", {"reason": "moved"})
    assert response.status_code == 422
    assert "Folkeregistret viser ingen flytning" in response.content.decode()
    # Coming back to the step shows what was chosen before the error.
    response = citizen_client.get(f"/selvbetjening/kladde/{draft}/gebyr/")
    assert 'value="moved" checked' in response.content.decode()
    events = kinds(draft)
    assert events[0][0] == FunnelEventKind.STARTED
    assert (FunnelEventKind.VALIDATION_ERROR, "sygesikring", "insurance", "required") in events
    assert (
        FunnelEventKind.VALIDATION_ERROR,
        "gebyr",
        "reason",
        "laegeskift.reason_matches_register",
    ) in events
    assert (FunnelEventKind.STEP_COMPLETED, "laege", "", "") in events


def test_a_draft_is_resumed_after_logging_out_from_my_overview(
    definitions, citizen_client, parent_cpr
):
    first = start(citizen_client)
    draft = draft_id(first)
    citizen_client.post(first, {})
    citizen_client.post(f"/selvbetjening/kladde/{draft}/sygesikring/", {"insurance": "keep"})
    citizen_client.post("/log-af/")

    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "next": "/min-side/"})
    overview = client.get("/min-side/").content.decode()
    assert f"/selvbetjening/kladde/{draft}/" in overview
    response = client.get(f"/selvbetjening/kladde/{draft}/")
    assert response["Location"].endswith(f"/kladde/{draft}/laege/")


def test_another_citizen_cannot_open_the_draft(definitions, citizen_client, other_cpr):
    draft = draft_id(start(citizen_client))
    other = Client()
    other.post("/log-ind/test/", {"cpr": other_cpr, "next": "/"})
    assert other.get(f"/selvbetjening/kladde/{draft}/om-dig/").status_code == 404
    assert other.get(f"/selvbetjening/kladde/{draft}/").status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(definitions):
    response = Client().get("/selvbetjening/laegeskift/")
    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/")


def test_stale_drafts_count_as_abandoned_and_expired_drafts_are_purged(definitions, citizen_client):
    draft = draft_id(start(citizen_client))
    later = timezone.now() + dt.timedelta(hours=25)
    assert services.mark_abandoned(later) == 1
    assert services.mark_abandoned(later) == 0  # once per draft
    assert FunnelEvent.objects.filter(draft_id=draft, kind=FunnelEventKind.ABANDONED).exists()
    assert services.purge_expired(timezone.now() + dt.timedelta(days=29)) == 0
    assert services.purge_expired(timezone.now() + dt.timedelta(days=31)) == 1
    assert not Draft.objects.filter(pk=draft).exists()


def test_the_submission_is_stored_before_downstream_work_and_the_task_is_idempotent(
    laegeskift_draft, django_capture_on_commit_callbacks
):
    draft = laegeskift_draft
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = services.submit(draft)
    assert len(callbacks) == 1  # downstream is enqueued only after commit
    submission.refresh_from_db()
    assert submission.status == ProcessingStatus.PENDING
    assert submission.definition.version == 1
    assert submission.computed["fee"] == 225
    assert services.submit(draft) == submission  # a double click sends once
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED

    assert process_submission.call(str(submission.pk)) == "done"
    assert process_submission.call(str(submission.pk)) == "already done"
    submission.refresh_from_db()
    assert submission.status == ProcessingStatus.DONE
    assert submission.attempts == 1
    assert submission.cards.count() == 1
    assert Submission.objects.count() == 1


def test_a_failing_handler_is_recorded_and_retried(laegeskift_draft, monkeypatch):
    from indgang.selfservice import functions

    submission = services.submit(laegeskift_draft)

    def broken(_submission):
        raise ConnectionError("register unavailable")

    monkeypatch.setitem(functions.handlers, "laegeskift.submit", broken)
    assert process_submission.call(str(submission.pk)) == "failed"
    submission.refresh_from_db()
    assert submission.status == ProcessingStatus.FAILED
    assert submission.attempts == 1
    monkeypatch.undo()
    assert process_submission.call(str(submission.pk)) == "done"


def test_the_citizen_can_delete_a_draft(definitions, citizen_client):
    draft = draft_id(start(citizen_client))
    response = citizen_client.post(f"/selvbetjening/kladde/{draft}/slet/")
    assert response["Location"] == "/min-side/"
    assert not Draft.objects.filter(pk=draft).exists()
    assert FunnelEvent.objects.filter(draft_id=draft, kind=FunnelEventKind.ABANDONED).exists()


def test_the_funnel_summary_shows_where_citizens_stop_and_which_field_troubles_them(
    definitions, citizen_client
):
    from indgang.selfservice import queries

    first = start(citizen_client)
    citizen_client.get(first)
    citizen_client.post(first, {})
    step = first.replace("/om-dig/", "/sygesikring/")
    citizen_client.get(step)
    citizen_client.post(step, {})
    citizen_client.post(step, {})
    summary = queries.funnel_summary("laegeskift")
    assert summary["started"] == 1 and summary["submitted"] == 0
    assert summary["steps"]["om-dig"] == {"shown": 1, "completed": 1}
    assert summary["steps"]["sygesikring"] == {"shown": 1, "completed": 0}
    assert summary["errors"] == [
        {"step": "sygesikring", "field": "insurance", "rule": "required", "count": 2}
    ]
