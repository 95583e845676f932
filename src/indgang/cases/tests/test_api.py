"""The REST API for case systems: one administration per token, the state
machine decides, retries are harmless, reads and changes are audited."""

from __future__ import annotations

import pytest
from django.test import Client

from indgang.cases import services
from indgang.cases.constants import CaseState
from indgang.cases.models import Case, CaseEvent, CaseNote, WebhookDelivery, WebhookSubscription
from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"
CHILD = "Jeg er bekymret for et barn i min opgang, han virker forsømt"


@pytest.fixture
def tmf_case(routing, parent_cpr) -> Case:
    return services.create_case(cpr=parent_cpr, text=WASTE)


@pytest.fixture
def sof_case(routing, parent_cpr) -> Case:
    case = services.create_case(cpr=parent_cpr, text=CHILD)
    assert case.administration_id == "sof"
    return case


@pytest.fixture
def tmf_system(routing):
    client, token = services.create_case_system_client(name="ESDH TMF", administration_code="tmf")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    api.system = client  # type: ignore[attr-defined]
    return api


def status(api: Client, case: Case, body: dict, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(
        f"/api/v1/cases/{case.reference}/status/", body, content_type="application/json", **headers
    )


def test_a_case_system_reads_its_administrations_case_and_the_read_is_audited(
    tmf_system, tmf_case, parent_cpr
):
    response = tmf_system.get(f"/api/v1/cases/{tmf_case.reference}/")
    assert response.status_code == 200
    data = response.json()
    assert (data["reference"], data["administration"], data["cpr"]) == (
        tmf_case.reference,
        "tmf",
        parent_cpr,
    )
    assert AuditEntry.objects.filter(
        actor=tmf_system.system.user, citizen_key=citizen_key(parent_cpr), action="view"
    ).exists()


def test_a_token_for_tmf_cannot_read_or_change_a_sof_case(tmf_system, sof_case):
    assert tmf_system.get(f"/api/v1/cases/{sof_case.reference}/").status_code == 403
    response = status(tmf_system, sof_case, {"state": "in_progress"}, key="k1")
    assert response.status_code == 403
    sof_case.refresh_from_db()
    assert sof_case.state == CaseState.ROUTED
    assert AuditEntry.objects.filter(actor=tmf_system.system.user, action="refused").count() == 2


@pytest.mark.parametrize(
    "authorization", [None, "Bearer not-a-token", "Token abc", "Bearer two words"]
)
def test_without_a_valid_token_the_api_answers_401(tmf_case, authorization):
    api = Client(HTTP_AUTHORIZATION=authorization) if authorization else Client()
    assert api.get(f"/api/v1/cases/{tmf_case.reference}/").status_code == 401


def test_a_logged_in_caseworker_is_not_a_case_system(tmf_case, caseworker_tmf):
    response = staff_client(caseworker_tmf).get(f"/api/v1/cases/{tmf_case.reference}/")
    assert response.status_code in (401, 403)


def test_a_deactivated_client_is_refused(tmf_system, tmf_case):
    tmf_system.system.active = False
    tmf_system.system.save()
    assert tmf_system.get(f"/api/v1/cases/{tmf_case.reference}/").status_code == 401


def test_an_unknown_case_is_404(tmf_system):
    assert tmf_system.get("/api/v1/cases/K-1999-000001/").status_code == 404


def test_a_status_goes_through_the_state_machine_with_note_and_external_reference(
    tmf_system, tmf_case, parent_cpr, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.create(
        name="other", url="https://x.example/", secret="s", administration_id="tmf"
    )
    response = status(
        tmf_system,
        tmf_case,
        {"state": "in_progress", "note": "Journaliseret", "external_reference": "TMF-2026-77"},
        key="a1",
    )
    assert response.status_code == 201
    assert response.json() == {"reference": tmf_case.reference, "state": "in_progress"}
    tmf_case.refresh_from_db()
    assert tmf_case.state == CaseState.IN_PROGRESS
    assert tmf_case.external_reference == "TMF-2026-77"
    assert CaseNote.objects.get(case=tmf_case).text == "Journaliseret"
    event = CaseEvent.objects.filter(case=tmf_case, activity="state").get()
    assert event.resource.endswith("ESDH TMF")
    assert AuditEntry.objects.filter(
        actor=tmf_system.system.user, citizen_key=citizen_key(parent_cpr), action="change"
    ).exists()
    # Other subscribers hear about the change like any other.
    assert WebhookDelivery.objects.filter(event="case.state_changed").exists()


def test_an_illegal_transition_is_409_with_a_clear_message_and_changes_nothing(
    tmf_system, tmf_case
):
    response = status(tmf_system, tmf_case, {"state": "closed"}, key="b1")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition" and body["state"] == "routed"
    assert "cannot become" in body["detail"] or "kan ikke" in body["detail"]
    tmf_case.refresh_from_db()
    assert tmf_case.state == CaseState.ROUTED


def test_an_unknown_state_is_400(tmf_system, tmf_case):
    response = status(tmf_system, tmf_case, {"state": "done"}, key="c1")
    assert response.status_code == 400 and "state" in response.json()


def test_a_retried_post_with_the_same_key_changes_nothing_twice(tmf_system, tmf_case):
    first = status(tmf_system, tmf_case, {"state": "in_progress", "note": "x"}, key="d1")
    again = status(tmf_system, tmf_case, {"state": "in_progress", "note": "x"}, key="d1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert CaseEvent.objects.filter(case=tmf_case, activity="state").count() == 1
    assert CaseNote.objects.filter(case=tmf_case).count() == 1
    # The same key for another request is refused rather than silently ignored.
    other = status(tmf_system, tmf_case, {"state": "resolved"}, key="d1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_the_external_reference_is_the_key_when_no_header_is_sent(tmf_system, tmf_case):
    body = {"state": "in_progress", "external_reference": "TMF-1"}
    assert status(tmf_system, tmf_case, body).status_code == 201
    assert status(tmf_system, tmf_case, body).status_code == 200
    assert CaseEvent.objects.filter(case=tmf_case, activity="state").count() == 1
    missing = status(tmf_system, tmf_case, {"state": "resolved"})
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_missing"


def test_case_system_users_are_not_offered_as_assignees(tmf_system, tmf_case, caseworker_tmf):
    from indgang.cases import queries

    assert queries.assignable_staff(tmf_case) == [caseworker_tmf]
