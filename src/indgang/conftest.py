"""Shared test fixtures: personas and a small synthetic population.

Personas follow STYLE.md: a citizen, a caseworker of the owning
administration, a caseworker of another administration, and others.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from indgang.core.constants import AdministrationCode
from indgang.core.memo import Memo
from indgang.core.models import Administration
from indgang.demo.services import load_teams
from indgang.identity import services as identity
from indgang.registers import models as register_models
from indgang.registers import services as registers
from indgang.registers.synthetic import Population, generate

PASSWORD = "correct horse battery staple"  # noqa: S105


@functools.cache
def small_population() -> Population:
    return generate(seed=7, persons=400, clinics=20, businesses=20)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_teams()
        registers.load_population(small_population())


@pytest.fixture(autouse=True)
def _no_memos_of_earlier_tests() -> None:
    # A test's rows are rolled back without signals: copies built from them go.
    Memo.forget_all()


@pytest.fixture(autouse=True)
def _test_idp_enabled(settings: Any) -> None:
    settings.TEST_IDP_ENABLED = True
    # Loading the demo in a test adds no synthetic contacts unless the test asks.
    settings.DEMO_CONTACTS_SCALE = 0.0


def _is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs this test with real commits (and a flush after)."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker is not None and marker.kwargs.get("transaction"))
    )


_flushed = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Any:
    global _flushed
    yield
    _flushed = _flushed or _is_transactional(item)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Put back what migrations loaded before a plain test that follows a flush.

    pytest-django runs plain database tests before transactional ones, but
    xdist's ``--dist loadfile`` hands a worker whole files, so a file mixing
    both kinds can flush the database before another file's plain tests run on
    the same worker. Django restores its snapshot only at the start of the next
    serialized-rollback test; this restores it, outside any test transaction,
    before the next plain one.
    """
    global _flushed
    if not _flushed or _is_transactional(item):
        return
    fixtures = getattr(item, "fixturenames", ())
    if item.get_closest_marker("django_db") is None and "db" not in fixtures:
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
        load_reference_data()
    _flushed = False


def load_reference_data() -> None:
    """Administrations (a data migration), teams and the small population.

    A transactional test's flush removes even what migrations loaded, so the
    fixtures put it back when it is missing.
    """
    for code in AdministrationCode:
        Administration.objects.get_or_create(code=code.value, defaults={"name": code.label})
    load_teams()
    if not register_models.Person.objects.exists():
        registers.load_population(small_population())


@pytest.fixture
def population(db: None) -> Population:
    """The small population, reloaded if a transactional test flushed it."""
    if not register_models.Person.objects.exists():
        load_reference_data()
    return small_population()


@pytest.fixture
def parent_cpr(population: Population) -> str:
    """An adult with at least one child in custody (a family with children)."""
    parents = {r.from_cpr for r in population.relations if r.kind == "child" and r.custody}
    return sorted(parents)[0]


@pytest.fixture
def laegeskift_draft(parent_cpr: str) -> Any:
    """The parent's lægeskift form, every step answered (keep the card, a
    clinic nearby, no children, the ordinary fee): ready for ``submit``."""
    from indgang.selfservice import queries, services
    from indgang.selfservice.tests.helpers import near_clinics

    services.import_built_in_definitions()
    draft = services.start_draft(queries.current_definition("laegeskift"), cpr=parent_cpr)
    clinic = near_clinics(parent_cpr)[0][1]
    for step, answers in [
        ("om-dig", {}),
        ("sygesikring", {"insurance": "keep"}),
        ("laege", {"clinic": clinic.id}),
        ("boern", {"children": []}),
        ("gebyr", {"reason": "other"}),
    ]:
        services.complete_step(draft, step, answers)
    return draft


@pytest.fixture
def other_cpr(population: Population, parent_cpr: str) -> str:
    return next(p.cpr for p in population.persons if p.cpr != parent_cpr)


def make_staff(username: str, administration: str, roles: list[str], team: str | None) -> User:
    return identity.create_staff_member(
        username=username,
        password=PASSWORD,
        first_name=username.split("_")[0].title(),
        last_name="Testesen",
        administration_code=administration,
        roles=roles,
        team_slug=team,
    )


@pytest.fixture
def caseworker_tmf(population: Population) -> User:
    return make_staff("tove_tmf", "tmf", ["caseworker"], "parkering")


@pytest.fixture
def caseworker_sof(population: Population) -> User:
    return make_staff("sune_sof", "sof", ["caseworker"], "boern-familie")


@pytest.fixture
def front_desk_kff(population: Population) -> User:
    return make_staff("frida_kff", "kff", ["front_desk"], "borgerservice")


@pytest.fixture
def analyst(population: Population) -> User:
    return make_staff("anna_okf", "okf", ["analyst"], None)


@pytest.fixture
def citizen_client(parent_cpr: str) -> Client:
    """A client logged in as the parent, through the test identity provider."""
    client = Client()
    response = client.post("/log-ind/test/", {"cpr": parent_cpr, "next": "/min-side/"})
    assert response.status_code == 302, response.content
    return client


def staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def browser() -> Any:
    from indgang.core.browser import launch

    yield from launch()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    # bypass_csp lets the test inject axe-core; the page itself keeps its CSP.
    context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def live_population(transactional_db: None, django_db_serialized_rollback: None) -> Population:
    """The small population in a database a live server can see.

    Serialized rollback matters: a plain transactional flush re-creates content
    types with new ids, and the next serialized-rollback test then fails to
    restore its snapshot. With every transactional test rolling back the same
    way, the order the workers run them in no longer matters.
    """
    load_reference_data()
    return small_population()
