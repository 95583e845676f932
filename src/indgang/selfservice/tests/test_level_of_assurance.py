"""Each service says which MitID level of assurance it needs (NSIS); a
citizen logged in below it is asked to log in again, and comes back."""

import pytest
from django.test import Client

from indgang.selfservice import engine, queries, services
from indgang.selfservice.tests.test_definitions import laegeskift_json

pytestmark = pytest.mark.django_db


def needs_high(definitions):
    data = laegeskift_json()
    data["level_of_assurance"] = "high"
    services.import_definition(data)


def test_the_built_in_services_need_substantial(definitions):
    for definition in queries.services():
        assert engine.level_of_assurance(definition.definition) == "substantial"


def test_a_service_may_not_ask_for_less_than_substantial():
    data = {"slug": "x", "title": "x", "steps": [{"id": "a", "title": "A"}]}
    assert engine.problems({**data, "level_of_assurance": "high"}) == []
    assert "'level_of_assurance' must be one of substantial, high" in "; ".join(
        engine.problems({**data, "level_of_assurance": "low"})
    )


def test_a_service_needing_high_sends_a_substantial_login_to_log_in_again(
    definitions, citizen_client, parent_cpr
):
    needs_high(definitions)
    response = citizen_client.get("/selvbetjening/laegeskift/")
    assert response.status_code == 302
    assert response["Location"] == ("/log-ind/?next=%2Fselvbetjening%2Flaegeskift%2F&niveau=high")
    login_page = citizen_client.get(response["Location"])
    text = login_page.content.decode()
    assert "Denne side kræver login med MitID på sikringsniveau »høj«" in text
    assert "Denne selvbetjening kræver login med MitID på sikringsniveau »høj«" in text
    assert "niveau=high" in text  # the login buttons ask for high


def test_logging_in_at_high_lets_the_citizen_in(definitions, parent_cpr):
    needs_high(definitions)
    client = Client()
    response = client.post(
        "/log-ind/test/",
        {"cpr": parent_cpr, "next": "/selvbetjening/laegeskift/", "niveau": "high"},
    )
    assert response["Location"] == "/selvbetjening/laegeskift/"
    assert client.get("/selvbetjening/laegeskift/").status_code == 200


def test_a_draft_of_a_service_now_needing_high_asks_again(definitions, citizen_client, parent_cpr):
    draft = services.start_draft(queries.current_definition("laegeskift"), cpr=parent_cpr)
    assert citizen_client.get(f"/selvbetjening/kladde/{draft.id}/").status_code == 302
    draft.definition.definition["level_of_assurance"] = "high"
    draft.definition.save()
    response = citizen_client.get(f"/selvbetjening/kladde/{draft.id}/")
    assert "niveau=high" in response["Location"]
