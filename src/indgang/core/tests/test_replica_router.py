"""Analytics reads go to the replica; whoever just wrote reads the primary.

The ``replica`` alias here is a TEST MIRROR of the test database (what
settings build from DATABASE_REPLICA_URL, minus a second server): the tests
check where each read is sent. deploy/tests/test_local_cluster.py checks the
same against a real streaming replica.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.checks import run_checks
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from indgang.core.db import (
    PIN_COOKIE,
    PRIMARY,
    REPLICA,
    PrimaryReplicaRouter,
    ReplicaMiddleware,
    primary_reads,
    replica_reads,
)
from indgang.core.models import Administration, Team

# The replica alias is added the way settings add it: a mirror of default.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(settings):
    settings.DATABASES = {
        **settings.DATABASES,
        REPLICA: {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}},
    }


def where_teams_are_read(request: HttpRequest) -> HttpResponse:
    return HttpResponse(Team.objects.all().db)


def serve(request: HttpRequest) -> HttpResponse:
    """Runs ``request`` through the middleware as Django does: resolve, view."""
    middleware = ReplicaMiddleware(where_teams_are_read)
    request.resolver_match = resolve(request.path_info)

    def view(request: HttpRequest) -> HttpResponse:
        middleware.process_view(request, where_teams_are_read, (), {})
        return where_teams_are_read(request)

    middleware.get_response = view
    return middleware(request)


def test_without_a_replica_everything_reads_the_primary(settings):
    assert REPLICA not in settings.DATABASES
    with replica_reads():
        assert Team.objects.all().db == PRIMARY


def test_analytics_reads_go_to_the_replica(replica):
    assert Team.objects.all().db == PRIMARY
    with replica_reads():
        assert Team.objects.all().db == REPLICA
        assert Administration.objects.all().db == REPLICA
    assert Team.objects.all().db == PRIMARY


def test_writes_always_go_to_the_primary(replica):
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Team) == PRIMARY
    assert router.allow_migrate(REPLICA, "contacts") is False
    assert router.allow_migrate(PRIMARY, "contacts") is None


def test_pinning_wins_over_replica_reads(replica):
    with replica_reads(), primary_reads():
        assert Team.objects.all().db == PRIMARY


def test_sessions_are_always_read_from_the_primary(replica):
    with replica_reads():
        assert Session.objects.all().db == PRIMARY


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_read_inside_a_transaction_stays_on_the_primary(replica):
    with replica_reads():
        with transaction.atomic():
            assert Team.objects.all().db == PRIMARY
        assert Team.objects.all().db == REPLICA


def test_the_analyst_pages_read_the_replica_and_citizen_pages_the_primary(replica):
    factory = RequestFactory()
    assert serve(factory.get("/medarbejder/indsigt/")).content.decode() == REPLICA
    assert serve(factory.get("/medarbejder/procesmining/")).content.decode() == REPLICA
    assert serve(factory.get("/")).content.decode() == PRIMARY
    # Nothing is left over for the next request on this thread.
    assert Team.objects.all().db == PRIMARY


def test_whoever_just_wrote_reads_the_primary_for_a_while(replica, settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    factory = RequestFactory()
    written = serve(factory.post("/medarbejder/indsigt/"))
    assert written.content.decode() == PRIMARY
    cookie = written.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"]

    after = factory.get("/medarbejder/indsigt/")
    after.COOKIES[PIN_COOKIE] = cookie.value
    assert serve(after).content.decode() == PRIMARY

    expired = factory.get("/medarbejder/indsigt/")
    expired.COOKIES[PIN_COOKIE] = f"{time.time() - 1:.3f}"
    assert serve(expired).content.decode() == REPLICA

    garbled = factory.get("/medarbejder/indsigt/")
    garbled.COOKIES[PIN_COOKIE] = "soon"
    assert serve(garbled).content.decode() == REPLICA


def test_no_pin_cookie_without_a_replica():
    written = serve(RequestFactory().post("/medarbejder/indsigt/"))
    assert PIN_COOKIE not in written.cookies


def test_a_replica_needs_postgresql_on_both_sides(settings):
    settings.DEBUG = True
    settings.DATABASES = {
        "default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3"},
        REPLICA: {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3"},
    }
    assert "indgang.E020" in {message.id for message in run_checks(tags=["indgang"])}
    settings.DATABASES = {
        "default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"},
        REPLICA: {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"},
    }
    assert "indgang.E020" not in {message.id for message in run_checks(tags=["indgang"])}
