"""A citizen searches the catalogue, finds a centre's opening hours, books a
time and cancels it, in a real browser, with axe-core on every page."""

import pytest
from playwright.sync_api import expect

from indgang.appointments.demo import load_services
from indgang.catalogue.demo import load_catalogue
from indgang.core.browser import assert_accessible
from indgang.directory.demo import load_directory

pytestmark = pytest.mark.browser


def test_citizen_finds_hours_books_and_cancels(page, live_population):
    load_directory()
    load_services()
    load_catalogue()
    cpr = sorted(p.cpr for p in live_population.persons)[0]

    page.goto("/ydelser/")
    page.get_by_label("Søg efter en ydelse").fill("skifte læge")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Lægeskift").click()
    expect(page.get_by_role("heading", name="Lægeskift", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto("/steder/")
    assert_accessible(page)
    page.get_by_role("link", name="Borgerservice Kultorvet").click()
    expect(page.get_by_role("heading", name="Borgerservice Kultorvet", level=1)).to_be_visible()
    expect(page.get_by_text("Åbningstider den kommende uge")).to_be_visible()
    assert_accessible(page)

    page.goto("/log-ind/test/?next=/tider/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(cpr)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/tider/")
    assert_accessible(page)
    page.get_by_role("link", name="Pas").first.click()
    assert_accessible(page)
    page.get_by_role("radio").first.check()
    page.get_by_label("Mobilnummer til en påmindelse på SMS").fill("+4520123456")
    page.get_by_role("button", name="Book tid").click()
    page.wait_for_url("**/tider/aftale/**")
    expect(page.get_by_text("Din tid er booket.")).to_be_visible()
    assert_accessible(page)

    # Cancelling asks first (a confirmation step, issue 13).
    page.get_by_role("link", name="Aflys tiden").click()
    page.get_by_role("button", name="Ja, aflys tiden").click()
    expect(page.get_by_text("Din tid er aflyst.")).to_be_visible()
    assert_accessible(page)
