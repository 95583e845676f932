"""The UI shell: language, error pages and security headers."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_pages_are_danish_by_default():
    response = Client().get("/")
    assert response.status_code == 200
    assert 'lang="da"' in response.content.decode()
    assert "Velkommen" in response.content.decode()


@pytest.mark.django_db
def test_the_english_switch_changes_the_language_and_keeps_the_page():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kontakt/"})
    assert response.status_code == 302
    assert response["Location"] == "/kontakt/"
    page = client.get("/kontakt/").content.decode()
    assert 'lang="en"' in page
    assert "Contact the City of Copenhagen" in page


@pytest.mark.django_db
def test_a_missing_page_gets_a_styled_danish_404():
    response = Client().get("/findes-ikke/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Siden blev ikke fundet" in page
    assert "skipnav" in page


@pytest.mark.django_db
def test_a_form_posted_without_csrf_token_gets_a_clear_message():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/medarbejder/log-ind/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Din session er udløbet" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_are_set():
    response = Client().get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_production_mode_sends_hsts(settings):
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_the_accessibility_statement_is_linked_from_every_page():
    page = Client().get("/").content.decode()
    assert "Tilgængelighedserklæring" in page
    statement = Client().get("/tilgaengelighed/")
    assert statement.status_code == 200
    assert "webtilgængelighedsloven" in statement.content.decode()


@pytest.mark.django_db
def test_danish_is_kept_even_when_the_browser_prefers_english():
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert 'lang="da"' in page
