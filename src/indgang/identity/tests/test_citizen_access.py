"""Permissions follow the administration, and every staff read is audited."""

from django.test import Client

from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.identity import services

LOOKUP = "/medarbejder/borgeropslag/"
API_LOOKUP = "/api/v1/registers/persons/lookup/"


def lookup(client, cpr, purpose="Sag om beboerlicens"):
    return client.post(LOOKUP, {"cpr": cpr, "purpose": purpose})


def test_a_caseworker_without_a_matter_is_refused(caseworker_tmf, parent_cpr):
    response = lookup(staff_client(caseworker_tmf), parent_cpr)
    assert response.status_code == 403
    assert "ingen åben sag" in response.content.decode()


def test_a_caseworker_whose_administration_has_a_matter_sees_the_citizen(
    caseworker_tmf, parent_cpr, population
):
    services.open_citizen_relation(administration_code="tmf", cpr=parent_cpr, reason="case")
    response = lookup(staff_client(caseworker_tmf), parent_cpr)
    assert response.status_code == 200
    person = next(p for p in population.persons if p.cpr == parent_cpr)
    assert person.last_name in response.content.decode()


def test_a_caseworker_of_another_administration_is_refused(
    caseworker_tmf, caseworker_sof, parent_cpr
):
    services.open_citizen_relation(administration_code="tmf", cpr=parent_cpr, reason="case")
    response = lookup(staff_client(caseworker_sof), parent_cpr)
    assert response.status_code == 403


def test_a_closed_matter_no_longer_gives_access(caseworker_tmf, parent_cpr):
    services.open_citizen_relation(
        administration_code="tmf", cpr=parent_cpr, reason="case", object_ref="case-1"
    )
    services.close_citizen_relation(administration_code="tmf", object_ref="case-1")
    assert lookup(staff_client(caseworker_tmf), parent_cpr).status_code == 403


def test_borgerservice_front_desk_may_look_up_anyone(front_desk_kff, parent_cpr):
    assert lookup(staff_client(front_desk_kff), parent_cpr).status_code == 200


def test_an_analyst_never_sees_personal_data(analyst, parent_cpr):
    services.open_citizen_relation(administration_code="okf", cpr=parent_cpr, reason="case")
    assert lookup(staff_client(analyst), parent_cpr).status_code == 403


def test_anonymous_users_are_sent_to_the_staff_login(parent_cpr, population):
    response = Client().post(LOOKUP, {"cpr": parent_cpr, "purpose": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/medarbejder/log-ind/")


def test_every_staff_read_and_refusal_appears_in_the_citizens_audit_view(
    front_desk_kff, caseworker_sof, parent_cpr, citizen_client
):
    lookup(staff_client(front_desk_kff), parent_cpr, purpose="Nyt sundhedskort ved skranken")
    lookup(staff_client(caseworker_sof), parent_cpr, purpose="Nysgerrighed")
    page = citizen_client.get("/min-side/").content.decode()
    assert "Frida Testesen" in page
    assert "Nyt sundhedskort ved skranken" in page
    assert "Kultur- og Fritidsforvaltningen" in page
    # The refused attempt is shown too: the citizen sees who tried.
    assert "Sune Testesen" in page
    actions = list(AuditEntry.objects.values_list("actor_name", "action"))
    assert ("Frida Testesen", "view") in actions
    assert ("Sune Testesen", "refused") in actions


def test_a_bad_cpr_number_gets_a_specific_message_and_keeps_the_purpose(front_desk_kff):
    response = lookup(staff_client(front_desk_kff), "3213901234", purpose="Pas ved skranken")
    assert response.status_code == 400
    page = response.content.decode()
    assert "ikke en gyldig dato" in page
    assert 'value="Pas ved skranken"' in page


def test_the_api_applies_the_same_rules(caseworker_tmf, caseworker_sof, parent_cpr):
    services.open_citizen_relation(administration_code="tmf", cpr=parent_cpr, reason="case")
    body = {"cpr": parent_cpr, "purpose": "case 9"}
    allowed = staff_client(caseworker_tmf).post(API_LOOKUP, body, content_type="application/json")
    assert allowed.status_code == 200
    assert allowed.json()["cpr"] == parent_cpr
    refused = staff_client(caseworker_sof).post(API_LOOKUP, body, content_type="application/json")
    assert refused.status_code == 403
    anonymous = Client().post(API_LOOKUP, body, content_type="application/json")
    assert anonymous.status_code == 403
    assert AuditEntry.objects.filter(action="view", purpose="case 9").count() == 1
