"""A citizen logs in through the test IdP, sees the profile, switches to
English and logs out, in a real browser, with axe-core on every page."""

import pytest
from playwright.sync_api import expect

from indgang.core.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_citizen_journey_is_accessible_and_works_with_the_keyboard(page, live_population):
    population = live_population
    parent = sorted({r.from_cpr for r in population.relations if r.kind == "child" and r.custody})[
        0
    ]
    person = next(p for p in population.persons if p.cpr == parent)
    address = next(a for a in population.addresses if a.id == person.address_id)

    page.goto("/")
    assert_accessible(page)
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skipnav"

    page.get_by_role("link", name="Log på med MitID").click()
    assert_accessible(page)
    page.get_by_role("link", name="Test-login (syntetiske borgere)").click()
    assert_accessible(page)

    # A wrong CPR number shows the error summary, accessibly.
    page.get_by_label("CPR-nummer på en syntetisk borger").fill("32139")
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("CPR-nummer på en syntetisk borger").fill(parent)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/min-side/")
    assert page.get_by_test_id(
        "logged-in-name"
    ).inner_text() == f"{person.first_name} {person.middle_name} {person.last_name}".replace(
        "  ", " "
    )
    assert address.street in page.get_by_test_id("address").inner_text()
    assert "Kilde" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    expect(page.get_by_role("heading", name="My page", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    assert_accessible(page)
