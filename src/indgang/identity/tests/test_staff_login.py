import pytest
from django.test import Client

from indgang.conftest import PASSWORD


def login(client, username, password):
    return client.post("/medarbejder/log-ind/", {"username": username, "password": password})


def test_staff_log_in_with_username_and_password(caseworker_tmf):
    client = Client()
    response = login(client, "tove_tmf", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/medarbejder/"
    page = client.get("/medarbejder/").content.decode()
    assert "Teknik- og Miljøforvaltningen" in page


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_username(caseworker_tmf):
    response = login(Client(), "tove_tmf", "wrong")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Brugernavn eller adgangskode er forkert" in page
    assert 'value="tove_tmf"' in page


def test_logins_are_rate_limited_per_username(caseworker_tmf, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        login(client, "tove_tmf", "wrong")
    response = login(client, "tove_tmf", PASSWORD)
    assert "For mange mislykkede forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(caseworker_tmf, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        login(Client(), "tove_tmf", "wrong")
    assert login(Client(), "tove_tmf", PASSWORD).status_code == 302
    for _ in range(2):
        login(Client(), "tove_tmf", "wrong")
    assert login(Client(), "tove_tmf", PASSWORD).status_code == 302


def test_staff_log_out(caseworker_tmf):
    client = Client()
    login(client, "tove_tmf", PASSWORD)
    client.post("/medarbejder/log-af/")
    assert client.get("/medarbejder/").status_code == 302


@pytest.mark.django_db
def test_a_login_redirect_to_another_site_is_ignored(caseworker_tmf):
    response = Client().post(
        "/medarbejder/log-ind/?next=https://evil.example/",
        {"username": "tove_tmf", "password": PASSWORD},
    )
    assert response["Location"] == "/medarbejder/"
