"""Typed domain events: how an upstream app tells downstream apps what happened.

The app that owns a fact publishes it (``publish(CaseCreated(...))``); the
apps downstream subscribe in their ``AppConfig.ready()``
(``subscribe(CaseCreated, handler)``). Events carry plain values (ids,
references, slugs, times), never model instances, so a subscriber reads what
it needs through the publisher's ``queries.py``.

Handlers run synchronously, in the publisher's transaction, upstream apps'
handlers first (``indgang.core.direction``), and each in one of three ways:

* by default inside a savepoint: a failing handler is rolled back alone and
  logged, and the publisher goes on (a broken contact register cannot lose
  the citizen's submission);
* ``required=True``: the handler's failure propagates and rolls back the
  publisher's work too (the case a submission must become);
* ``on_commit=True``: after the publisher's transaction commits (and never if
  it rolls back); a failure is logged.

The table of events, publishers and subscribers is in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction

from indgang.core.direction import RANK

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base of every domain event."""


# selfservice -------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionReceived(Event):
    """A citizen submitted a self-service form (in the submission's transaction)."""

    submission_id: str
    reference: str
    service: str  # the self-service definition's slug (a catalogue service slug)
    cpr: str = field(repr=False)  # never in a log line
    submitted_at: dt.datetime


@dataclass(frozen=True)
class SubmissionProcessed(Event):
    """The worker ran a submission's handler; the case and the receipt copy
    follow in the same transaction (a failure retries the whole task)."""

    submission_id: str
    reference: str
    service: str
    title: str  # the form's Danish title
    cpr: str = field(repr=False)  # never in a log line


# appointments -------------------------------------------------------------------


@dataclass(frozen=True)
class BookingAttended(Event):
    """The front desk checked a citizen in for a booking."""

    booking_id: int
    service_name: str  # the bookable service's name, e.g. "Kørekort"
    unit_administration: str | None
    cpr: str = field(repr=False)  # never in a log line
    starts_at: dt.datetime
    duration_s: int


# cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file checked by ``core.files`` (type, size, virus scan)."""

    name: str
    content_type: str
    data: bytes
    scan_status: str


@dataclass(frozen=True)
class CaseCreated(Event):
    """A case was created (contact form, self-service submission, staff on a
    citizen's behalf); ``files`` came with the citizen's inquiry."""

    case_id: int
    reference: str
    channel: str  # cases.constants.CaseChannel
    files: tuple[UploadedFile, ...] = field(default=())


@dataclass(frozen=True)
class CaseStateChanged(Event):
    case_id: int
    reference: str
    from_state: str
    to_state: str


# messaging -----------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenMessageReceived(Event):
    """A citizen wrote in their secure inbox (a reply on a case)."""

    message_id: str
    cpr: str = field(repr=False)  # never in a log line
    case_id: int | None
    at: dt.datetime


# contacts ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactsChanged(Event):
    """Contacts on these days were written in bulk (import, demo generator)
    and are committed; figures built from them are out of date."""

    first: dt.date
    last: dt.date


# dispatch ------------------------------------------------------------------------

E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class Subscription:
    handler: Callable[[Any], object]
    on_commit: bool
    required: bool

    @property
    def app(self) -> str:
        parts = self.handler.__module__.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def rank(self) -> int:
        return RANK.get(self.app, len(RANK))


_subscriptions: dict[type[Event], list[Subscription]] = {}


def subscribe(
    event_type: type[E],
    handler: Callable[[E], object],
    *,
    on_commit: bool = False,
    required: bool = False,
) -> None:
    """Call ``handler(event)`` for every published ``event_type``; subscribing
    the same handler again does nothing."""
    if on_commit and required:
        raise ValueError("a handler run on commit cannot roll back the publisher")
    found = _subscriptions.setdefault(event_type, [])
    if any(s.handler == handler for s in found):
        return
    found.append(Subscription(handler, on_commit, required))
    found.sort(key=lambda s: s.rank)  # stable: same app keeps subscription order


def unsubscribe(event_type: type[Event], handler: Callable[[Any], object]) -> None:
    _subscriptions[event_type] = [
        s for s in _subscriptions.get(event_type, []) if s.handler != handler
    ]


def subscriptions(event_type: type[Event]) -> list[Subscription]:
    return list(_subscriptions.get(event_type, []))


def _name(handler: Callable[[Any], object]) -> str:
    return f"{handler.__module__}.{getattr(handler, '__qualname__', handler)}"


def publish(event: Event) -> None:
    """Hand ``event`` to its subscribers (see the module docstring)."""
    for subscription in subscriptions(type(event)):
        handler = subscription.handler
        if subscription.on_commit:
            transaction.on_commit(lambda h=handler: _run_logged(h, event))  # type: ignore[misc]
        elif subscription.required:
            handler(event)
        else:
            try:
                with transaction.atomic():
                    handler(event)
            except Exception:
                logger.exception("%s failed on %s", _name(handler), type(event).__name__)


def _run_logged(handler: Callable[[Any], object], event: Event) -> None:
    try:
        handler(event)
    except Exception:
        logger.exception("%s failed on %s", _name(handler), type(event).__name__)
