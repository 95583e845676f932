"""A citizen chooses SMS notifications, a new message notifies them, and an
administrator reads the SMS in the demo outbox; axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from indgang.core.browser import assert_accessible
from indgang.notifications import services

pytestmark = pytest.mark.browser


def test_a_citizen_gets_an_sms_that_lands_in_the_outbox(page: Any, live_population: Any) -> None:
    import indgang.urls  # noqa: F401  (imports every app once, before the page time-outs run)
    from indgang.conftest import PASSWORD, make_staff

    make_staff("ada_okf", "okf", ["administrator"], None)
    cpr = live_population.persons[0].cpr

    page.goto("/log-ind/test/?next=/min-side/notifikationer/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(cpr)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/min-side/notifikationer/")
    assert_accessible(page)
    page.get_by_label("Mobilnummer").fill("1234")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mobilnummer").fill("20 12 34 56")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Dine kontaktoplysninger til notifikationer er gemt.")).to_be_visible()
    assert_accessible(page)

    services.notify_citizen(cpr=cpr, template="new_message", context={}, ref="message:1")

    page.goto("/medarbejder/log-ind/?next=/medarbejder/sms-udbakke/")
    page.get_by_label("Brugernavn").fill("ada_okf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/sms-udbakke/")
    expect(page.get_by_role("cell", name="+4520123456")).to_be_visible()
    expect(page.get_by_text("Du har en ny besked fra Københavns Kommune.")).to_be_visible()
    assert_accessible(page)
