"""Every service is shown by its name: catalogue services, case topics,
self-service forms and bookable services all answer through the
catalogue's vocabulary (no raw slugs like "koerekort" on the dashboards)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from indgang.appointments.demo import load_services
from indgang.cases.queries import topics
from indgang.cases.routing import router
from indgang.catalogue import queries as catalogue
from indgang.catalogue.demo import load_catalogue
from indgang.directory.demo import load_directory
from indgang.insights import labels
from indgang.selfservice import services as selfservice

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(population: object) -> None:
    router.load_reference_data()
    load_catalogue()
    load_directory()
    load_services()
    selfservice.import_built_in_definitions()


def test_bookable_services_forms_topics_and_catalogue_services_have_names(
    everything: None,
) -> None:
    names = labels.service_names(["koerekort", "enkeltydelse", "laegeskift", "pas-koerekort", ""])
    assert names == {
        "koerekort": "Kørekort",
        # A catalogue entry names a service before the form's title does.
        "enkeltydelse": catalogue.service("enkeltydelse").name,  # type: ignore[union-attr]
        "laegeskift": catalogue.service("laegeskift").name,  # type: ignore[union-attr]
        "pas-koerekort": topics().get(slug="pas-koerekort").name,
        "": gettext("No service"),
    }
    assert ("koerekort", "Kørekort") in labels.all_services()


def test_a_bookable_service_belongs_to_its_topics_owners(everything: None) -> None:
    topic = topics().get(slug="pas-koerekort")
    assert catalogue.home_of("koerekort") == (topic.administration_id, topic.team_id)
    passport = catalogue.service("pas")
    assert passport is not None
    assert catalogue.home_of("pas") == (passport.administration_id, passport.team_id)
    assert catalogue.home_of("no-such-service") == (None, None)
