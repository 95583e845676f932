"""Holes found by probing (issue 11, items 1–3): every login form is rate
limited, the count cannot be raced, and the client address behind a reverse
proxy comes only from a trusted proxy's header."""

from __future__ import annotations

import pytest
from django.test import Client

from indgang.conftest import PASSWORD
from indgang.identity import services
from indgang.identity.models import LoginAttempt

LOCKED = "For mange mislykkede forsøg"


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)


def admin_login(client, username, password, **extra):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **extra
    )


def staff_login(client, username, password, **extra):
    return client.post(
        "/medarbejder/log-ind/", {"username": username, "password": password}, **extra
    )


def test_the_admin_login_is_rate_limited(superuser, settings):
    settings.LOGIN_MAX_FAILURES = 5
    client = Client()
    for _ in range(30):
        admin_login(client, "root", "wrong")
    response = admin_login(client, "root", PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_at_the_staff_login_also_lock_the_admin_login(superuser, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        staff_login(Client(), "root", "wrong")
    client = Client()
    response = admin_login(client, "root", PASSWORD)
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_still_works_and_resets_the_count(superuser, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        admin_login(Client(), "root", "wrong")
    client = Client()
    assert admin_login(client, "root", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not LoginAttempt.objects.filter(username="root").exists()


def test_wrong_passwords_sent_at_the_same_moment_are_not_all_checked(
    superuser, settings, monkeypatch
):
    """15 guesses at once, limit 5: at most 5 passwords are ever checked.

    Overlap is made deterministic: while one guess is being checked, the
    next one arrives (each password check lets the next request in first)."""
    settings.LOGIN_MAX_FAILURES = 5
    waiting = [f"wrong-{n}" for n in range(15)]
    checked: list[str] = []
    real = services.authenticate

    def send_next() -> None:
        if waiting:
            staff_login(Client(), "root", waiting.pop(0))

    def overlapping_authenticate(request, **credentials):
        checked.append(credentials["password"])
        send_next()  # the next guess arrives before this one is answered
        return real(request, **credentials)

    monkeypatch.setattr(services, "authenticate", overlapping_authenticate)
    while waiting:
        send_next()
    assert len(checked) <= 5
    assert LOCKED in staff_login(Client(), "root", PASSWORD).content.decode()


def test_behind_an_untrusted_address_forwarded_for_is_ignored(superuser, settings):
    """A client cannot dodge the per-address limit by inventing X-Forwarded-For."""
    settings.LOGIN_MAX_FAILURES = 1  # 4 per address
    settings.TRUSTED_PROXIES = []
    for number in range(4):
        staff_login(
            Client(), f"someone-{number}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}"
        )
    response = staff_login(Client(), "root", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert LOCKED in response.content.decode()


def test_behind_a_trusted_proxy_one_client_does_not_lock_out_everyone(superuser, settings):
    settings.LOGIN_MAX_FAILURES = 1  # 4 per address
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(20):
        staff_login(
            Client(),
            f"someone-{number}",
            "wrong",
            # The client put a made-up address first; the proxy appended the real one.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.66",
            **proxy,
        )
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    other = staff_login(Client(), "root", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert other.status_code == 302
    guesser = staff_login(Client(), "root", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    assert LOCKED in guesser.content.decode()
