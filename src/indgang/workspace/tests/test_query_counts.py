"""The number of database queries of the pages bench/web measures, pinned.

Each page is shown with several rows of what it lists (services, units and
their contact points, cases, drafts, audit entries), so a change that adds a
query per row fails here. A page's count may go down: then lower the number.
When it must go up, say why in the commit. The analyst overview is not pinned
here (it is precomputed, docs/metrics.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from indgang.cases import services as cases
from indgang.catalogue.demo import load_catalogue
from indgang.conftest import staff_client
from indgang.directory.demo import load_directory
from indgang.directory.models import ContactPoint, OrganisationUnit

pytestmark = pytest.mark.django_db

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"
PARKING = "Jeg har fået en parkeringsbøde, men jeg havde betalt for parkering"


@pytest.fixture
def catalogue_and_directory(population: Any) -> None:
    load_catalogue()
    load_directory()


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def test_anonymous_pages_read_the_catalogue_and_directory_once_per_process(
    catalogue_and_directory: None, django_assert_num_queries: Any
) -> None:
    unit = (
        OrganisationUnit.objects.filter(contact_points__isnull=False)
        .exclude(kind="department")
        .first()
    )
    assert unit is not None and ContactPoint.objects.filter(unit=unit).count() >= 2
    client = Client()
    # First reads build the process's copies: the services; the life situations;
    # the units with their contact points and exceptions.
    with django_assert_num_queries(2):
        get(client, "/ydelser/?q=pas")
    with django_assert_num_queries(3):
        get(client, f"/steder/{unit.slug}/")
    # Afterwards none, however many services, units and contact points there are.
    with django_assert_num_queries(0):
        get(client, "/")
    with django_assert_num_queries(0):
        get(client, "/ydelser/?q=pas")
    with django_assert_num_queries(0):
        get(client, "/ydelser/?q=sundhedskort flytning")
    with django_assert_num_queries(0):
        get(client, f"/steder/{unit.slug}/")
    with django_assert_num_queries(0):
        get(client, "/steder/")


def test_a_changed_service_is_found_at_once(
    catalogue_and_directory: None, django_assert_num_queries: Any
) -> None:
    from indgang.catalogue import services as catalogue_services
    from indgang.catalogue.models import Service

    client = Client()
    get(client, "/ydelser/?q=pas")
    service = Service.objects.get(slug="pas")
    service.keywords += " rejsedokument"
    service.save()
    catalogue_services.reindex(service)
    with django_assert_num_queries(1):  # the copy of the services is rebuilt
        response = client.get("/ydelser/?q=rejsedokument")
    assert "/ydelser/pas/" in response.content.decode()


def test_a_self_service_step(
    citizen_client: Client, laegeskift_draft: Any, parent_cpr: str, django_assert_num_queries: Any
) -> None:
    from indgang.registers import queries as registers

    person = registers.person(parent_cpr)
    assert person is not None
    relatives = len(
        {
            r.cpr
            for r in (*person.relations, *person.household)
            if r.kind in ("spouse", "partner") or r.same_address
        }
    )
    url = f"/selvbetjening/kladde/{laegeskift_draft.id}/om-dig/"
    get(citizen_client, url)
    # Session; draft with its definition; the person register (person, relations,
    # household); the clinics; each relative's register entry for the clinics the
    # family uses (3 queries each: a batch lookup in the registers would end it);
    # the step-shown event; unread messages; staff assists.
    with django_assert_num_queries(9 + 3 * relatives):
        get(citizen_client, url)


def test_min_side(
    citizen_client: Client, laegeskift_draft: Any, parent_cpr: str, django_assert_num_queries: Any
) -> None:
    from indgang.selfservice import queries, services

    for _ in range(3):  # several drafts and submissions listed
        draft = services.start_draft(queries.current_definition("laegeskift"), cpr=parent_cpr)
        services.complete_step(draft, "om-dig", {})
    get(citizen_client, "/min-side/")
    # Session and citizen; matters, drafts and who started them, submissions,
    # bookings, surveys, messages, audit, the register facts the suggestions
    # read — the same for three drafts as for one.
    with django_assert_num_queries(18):
        get(citizen_client, "/min-side/")


def test_the_caseworkers_queue_and_a_case(
    routing: None,
    caseworker_tmf: Any,
    parent_cpr: str,
    other_cpr: str,
    django_assert_num_queries: Any,
) -> None:
    made = [
        cases.create_case(cpr=cpr, text=f"{PARKING} ({n})", citizen_name="Testborger")
        for n, cpr in enumerate([parent_cpr, other_cpr, parent_cpr, other_cpr])
    ]
    assert all(c.administration_id == "tmf" for c in made)
    client = staff_client(caseworker_tmf)
    get(client, "/medarbejder/sager/")
    with django_assert_num_queries(8):
        response = client.get("/medarbejder/sager/")
    assert all(c.reference in response.content.decode() for c in made)
    get(client, f"/medarbejder/sager/{made[0].reference}/")
    # Session, user, profile, roles; the case; two audit entries; the thread,
    # reply templates, messages, attachments; notes; the citizen's other cases;
    # events; the assignee's user, profile and roles; administrations; the
    # permissions (two); the teams to transfer to; since this session's merges
    # one more on both pages (not traced yet).
    with django_assert_num_queries(22):
        get(client, f"/medarbejder/sager/{made[0].reference}/")
