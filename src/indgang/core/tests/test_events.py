"""Domain events: dispatch order, savepoints, required handlers, on commit."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction

from indgang.core import events
from indgang.core.models import Administration


@dataclass(frozen=True)
class Happened(events.Event):
    what: str


@pytest.fixture
def clean() -> Iterator[None]:
    yield
    for subscription in events.subscriptions(Happened):
        events.unsubscribe(Happened, subscription.handler)


def _rename(code: str, name: str) -> None:
    Administration.objects.filter(code=code).update(name=name)


@pytest.mark.django_db
def test_a_failing_subscriber_is_rolled_back_alone_and_the_publisher_goes_on(
    clean: None, caplog: pytest.LogCaptureFixture
) -> None:
    def writes_then_fails(event: Happened) -> None:
        _rename("tmf", "changed by a broken subscriber")
        raise RuntimeError("down")

    def works(event: Happened) -> None:
        _rename("sof", event.what)

    events.subscribe(Happened, writes_then_fails)
    events.subscribe(Happened, works)
    with transaction.atomic(), caplog.at_level(logging.ERROR):
        events.publish(Happened("renamed"))
    names = dict(Administration.objects.values_list("code", "name"))
    assert names["tmf"] != "changed by a broken subscriber"
    assert names["sof"] == "renamed"
    assert "writes_then_fails failed on Happened" in caplog.text


@pytest.mark.django_db
def test_a_required_subscriber_fails_the_publisher(clean: None) -> None:
    def fails(event: Happened) -> None:
        raise RuntimeError("the case could not be created")

    events.subscribe(Happened, fails, required=True)
    with pytest.raises(RuntimeError):
        events.publish(Happened("x"))


@pytest.mark.django_db
def test_an_on_commit_subscriber_runs_only_when_the_publisher_commits(
    clean: None, django_capture_on_commit_callbacks: object
) -> None:
    seen: list[str] = []
    events.subscribe(Happened, lambda event: seen.append(event.what), on_commit=True)
    capture = django_capture_on_commit_callbacks(execute=True)  # type: ignore[operator]
    with capture, transaction.atomic():
        events.publish(Happened("first"))
        assert seen == []
    assert seen == ["first"]
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        events.publish(Happened("rolled back"))
        _ = 1 / 0
    assert seen == ["first"]


@pytest.mark.django_db
def test_subscribing_twice_is_once_and_upstream_apps_handle_first(clean: None) -> None:
    order: list[str] = []

    def downstream(event: Happened) -> None:
        order.append("insights")

    def upstream(event: Happened) -> None:
        order.append("cases")

    downstream.__module__ = "indgang.insights.subscribers"
    upstream.__module__ = "indgang.cases.subscribers"
    events.subscribe(Happened, downstream)
    events.subscribe(Happened, upstream, required=True)
    events.subscribe(Happened, upstream, required=True)
    events.publish(Happened("x"))
    assert order == ["cases", "insights"]


def test_a_citizens_cpr_number_never_shows_in_an_event_written_to_a_log() -> None:
    event = events.SubmissionReceived(
        submission_id="1",
        reference="IG-ABC",
        service="laegeskift",
        cpr="0101901234",
        submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert "0101901234" not in repr(event)


def test_every_app_subscribes_in_ready() -> None:
    def apps(event_type: type[events.Event]) -> list[str]:
        return [s.app for s in events.subscriptions(event_type)]

    assert apps(events.SubmissionReceived) == ["contacts", "insights"]
    assert apps(events.SubmissionProcessed) == ["cases", "messaging"]
    assert apps(events.CaseCreated) == ["messaging", "contacts"]
    assert apps(events.CaseStateChanged) == ["insights"]
    assert apps(events.CitizenMessageReceived) == ["contacts"]
    assert apps(events.BookingAttended) == ["contacts"]
    assert apps(events.ContactsChanged) == ["insights"]
