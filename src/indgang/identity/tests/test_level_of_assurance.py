"""NSIS levels of assurance: how providers' spellings are read, and a
citizen page refusing a login below the site's minimum."""

import pytest
from django.test import Client

from indgang.identity import assurance
from indgang.identity.citizen import SESSION_KEY


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("https://data.gov.dk/concept/core/nsis/loa/Substantial", "substantial"),
        ("https://data.gov.dk/concept/core/nsis/Substantial", "substantial"),
        ("urn:grn:authn:dk:mitid:high", "high"),
        ("Low", "low"),
        ("", None),
        ("urn:mace:incommon:iap:silver", None),
        (None, None),
    ],
)
def test_every_spelling_of_a_level_is_read_by_its_last_word(value, level):
    assert assurance.parse(value) == level


def test_levels_are_ordered():
    assert assurance.meets("high", "substantial")
    assert assurance.meets("substantial", "substantial")
    assert not assurance.meets("low", "substantial")
    assert not assurance.meets("nonsense", "low")


def test_a_citizen_page_refuses_a_login_below_the_minimum(citizen_client):
    session = citizen_client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "level_of_assurance": "low"}
    session.save()
    response = citizen_client.get("/min-side/")
    assert response.status_code == 302
    assert response["Location"] == "/log-ind/?next=%2Fmin-side%2F&niveau=substantial"


def test_the_minimum_is_a_setting(settings, citizen_client):
    settings.CITIZEN_LEVEL_OF_ASSURANCE = "high"
    response = citizen_client.get("/min-side/")
    assert "niveau=high" in response["Location"]


def test_the_test_login_confirms_the_level_asked_for(population, parent_cpr):
    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "niveau": "high"})
    assert client.session[SESSION_KEY]["level_of_assurance"] == "high"
    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "niveau": "low"})
    # Never below the site's minimum, whatever the address says.
    assert client.session[SESSION_KEY]["level_of_assurance"] == "substantial"
