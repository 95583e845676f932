"""The API answers bad input with 400 and a JSON error, never 500; pages are
capped; a missing address under /api/ is a JSON 404 (issue 11, hole 8)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"


def staff(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "query", [f"limit={HUGE}", f"offset={HUGE}", "limit=-1", "limit=x", "limit=", "offset=-1"]
)
@pytest.mark.parametrize("who", ["anonymous", "caseworker"])
def test_bad_paging_values_get_a_json_400(population, caseworker_tmf, query, who):
    client = APIClient() if who == "anonymous" else staff(caseworker_tmf)
    url = "/api/v1/directory/units/" if who == "anonymous" else "/api/v1/contacts/"
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    name = query.split("=")[0]
    assert name in response.json()


def test_a_page_holds_at_most_500(population, caseworker_tmf):
    from indgang.contacts import services

    for _ in range(3):
        services.record_contact(
            channel="phone", administration="tmf", source="api", actor=caseworker_tmf
        )
    client = staff(caseworker_tmf)
    assert len(client.get("/api/v1/contacts/?limit=500").json()["results"]) == 3
    response = client.get("/api/v1/contacts/?limit=501")
    assert response.status_code == 400
    assert "500" in response.json()["limit"][0]
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    limit = next(
        p for p in schema["paths"]["/api/v1/contacts/"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == 500


def test_a_huge_duration_gets_a_json_400(population, caseworker_tmf):
    response = staff(caseworker_tmf).post(
        "/api/v1/contacts/", {"channel": "phone", "duration_s": int(HUGE)}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "duration_s" in response.json()


def test_a_missing_api_address_is_a_json_404(db):
    response = APIClient().get("/api/v1/findes-ikke/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ikke fundet."}
    # Pages outside the API keep their HTML page.
    assert "text/html" in APIClient().get("/findes-ikke/")["Content-Type"]


def test_the_schema_documents_what_the_endpoints_answer(db):
    """Found by schemathesis (.ci/api-check): an undocumented 401, a stored
    contact's blank reason outside the enum (so a single contact matched
    neither side of ContactOrBatch)."""
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    contacts = schema["paths"]["/api/v1/contacts/"]
    assert {"400", "401", "403"} <= set(contacts["get"]["responses"])
    assert {"400", "401", "403"} <= set(contacts["post"]["responses"])
    assert "404" in schema["paths"]["/api/v1/contacts/{id}/"]["get"]["responses"]
    assert "401" not in schema["paths"]["/api/v1/directory/units/"]["get"]["responses"]
    contact = schema["components"]["schemas"]["Contact"]["properties"]
    for name in ("reason", "recontact_status"):
        refs = [option.get("$ref", "") for option in contact[name].get("oneOf", [])]
        assert "#/components/schemas/BlankEnum" in refs, contact[name]
