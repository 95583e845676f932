from django.test import Client


def test_the_test_idp_logs_in_a_synthetic_citizen_and_shows_the_profile(
    citizen_client, parent_cpr, population
):
    person = next(p for p in population.persons if p.cpr == parent_cpr)
    page = citizen_client.get("/min-side/").content.decode()
    assert person.first_name in page
    assert person.last_name in page
    address = next(a for a in population.addresses if a.id == person.address_id)
    assert address.street in page
    assert "Kilde" in page  # every fact shows its source
    children = [r for r in population.relations if r.from_cpr == parent_cpr and r.kind == "child"]
    for relation in children:
        child = next(p for p in population.persons if p.cpr == relation.to_cpr)
        assert child.first_name in page


def test_my_overview_requires_login(population):
    response = Client().get("/min-side/")
    assert response.status_code == 302
    assert response["Location"] == "/log-ind/?next=%2Fmin-side%2F"


def test_the_test_idp_is_gone_when_disabled(settings, population):
    settings.TEST_IDP_ENABLED = False
    assert Client().get("/log-ind/test/").status_code == 404
    assert "Test-login" not in Client().get("/log-ind/").content.decode()


def test_an_unknown_cpr_number_gets_a_clear_message(population):
    response = Client().post("/log-ind/test/", {"cpr": "0101011234"})
    assert response.status_code == 200
    assert "Ingen syntetisk borger har dette CPR-nummer" in response.content.decode()


def test_a_person_can_act_for_a_business_they_own(population):
    business = next(b for b in population.businesses if b.owners)
    client = Client()
    response = client.post("/log-ind/test/", {"cpr": business.owners[0], "cvr": business.cvr})
    assert response.status_code == 302
    assert business.cvr in client.get("/min-side/").content.decode()


def test_a_person_cannot_act_for_a_business_they_do_not_own(population):
    business = next(b for b in population.businesses if b.owners)
    stranger = next(p.cpr for p in population.persons if p.cpr not in business.owners)
    response = Client().post("/log-ind/test/", {"cpr": stranger, "cvr": business.cvr})
    assert "kan ikke handle for denne virksomhed" in response.content.decode()


def test_logging_out_ends_the_session(citizen_client):
    response = citizen_client.post("/log-af/")
    assert response.status_code == 302
    assert citizen_client.get("/min-side/").status_code == 302
