"""Reads from a streaming replica, writes to the primary (docs/operations.md,
"Running on several machines").

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database alias.
``PrimaryReplicaRouter`` sends every write to the primary (``default``) and
sends reads to the replica only inside ``replica_reads()``: the analyst's
dashboards and process mining (``ReplicaMiddleware`` opens it for the URL
namespaces in ``DATABASE_REPLICA_APPS``), whose heavy scans should not slow the
citizens' and caseworkers' pages on the primary and tolerate a second of lag.

Read-your-own-writes: a replica is a little behind, so whoever just wrote
must not read the old state back. Every unsafe request (POST, PUT, PATCH,
DELETE) runs on the primary and sets a short cookie; requests from the same
browser read from the primary until it expires
(``DATABASE_REPLICA_PIN_SECONDS``). Reads in an open transaction on the
primary stay there, and sessions and the task queue are always read from the
primary.

Without a replica everything reads from ``default`` as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "indgang_primary"
# Read on every request of a session or by the task queue right after a write.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_database", "operations"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_replica_reads: ContextVar[bool] = ContextVar("indgang_replica_reads", default=False)
_pinned: ContextVar[bool] = ContextVar("indgang_pinned_to_primary", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may go to the replica (unless pinned to the primary)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Every read in this block goes to the primary, also inside ``replica_reads()``."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def read_alias(app_label: str = "") -> str:
    """The alias a read of a model in ``app_label`` goes to just now."""
    if (
        _replica_reads.get()
        and not _pinned.get()
        and replica_configured()
        and app_label not in PRIMARY_ONLY_APPS
        # A read inside a transaction on the primary belongs to that transaction.
        and not connections[PRIMARY].in_atomic_block
    ):
        return REPLICA
    return PRIMARY


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS entry: see the module docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return read_alias(model._meta.app_label)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Also for an object read from the replica: it is saved on the primary.
        return PRIMARY

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        # The replica holds the primary's rows: an object from either may
        # point to one from the other.
        return {first._state.db, second._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A streaming replica is read-only; it gets the schema from the primary.
        return False if db == REPLICA else None


def _pinned_by_cookie(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaMiddleware:
    """Opens ``replica_reads()`` for the analytics views and pins whoever
    just wrote to the primary (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.apps = frozenset(settings.DATABASE_REPLICA_APPS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writes = request.method not in SAFE_METHODS
        pinned = _pinned.set(writes or _pinned_by_cookie(request))
        reads = _replica_reads.set(False)
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(reads)
            _pinned.reset(pinned)
        if writes and replica_configured():
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        if match is not None and self.apps.intersection(match.app_names):
            _replica_reads.set(True)
