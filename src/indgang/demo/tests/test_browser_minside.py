"""Issue 13's "done when", on the demo's Min side data: a parent at 1280 px and at 375 px.

The parent sees a contact-form case with its status and promised date, a
self-service submission with its PDF receipt, a draft Borgerservice started,
a suggestion with its reason; moves and cancels a booking; acts for a child.
axe-core runs on every page and state; at 375 px every citizen page must fit
the screen (no horizontal scrolling).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from indgang.appointments.tests.factories import ServiceFactory
from indgang.cases.models import Topic
from indgang.cases.routing import router
from indgang.conftest import make_staff
from indgang.core.browser import assert_accessible
from indgang.demo import minside as demo
from indgang.registers import queries as registers
from indgang.selfservice import services as selfservice

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

CITIZEN_PAGES = [
    "core:home",
    "core:contact",
    "core:accessibility",
    "catalogue:index",
    "directory:units",
    "assistant:ask",
    "appointments:services",
    "selfservice:list",
    "cases:contact",
    "messaging:inbox",
    "notifications:contact-details",
    "minside:home",
]


@pytest.fixture
def seeded(live_population: Any) -> str:
    if not Topic.objects.exists():
        router.load_reference_data()
    selfservice.import_built_in_definitions()
    make_staff(demo.FRONT_DESK, "kff", ["front_desk"], "borgerservice")
    ServiceFactory(unit__opening_hours="24/7", duration_minutes=30, name="Pas")
    demo.load_minside_demo()
    return demo.demo_parent()


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    if width > viewport:
        wide = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                .map(e => [e, Math.round(e.getBoundingClientRect().right)])
                .filter(([e, right]) => right > limit)
                .slice(0, 8)
                .map(([e, right]) => `${e.tagName}.${e.className} ${right}`)""",
            viewport,
        )
        raise AssertionError(f"{page.url} is {width} px wide in a {viewport} px window: {wide}")


def check(page: Any) -> None:
    assert_accessible(page)
    if page.viewport_size["width"] <= 375:
        fits(page)


def log_in(page: Any, cpr: str) -> None:
    page.goto("/log-ind/test/?next=/min-side/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(cpr)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/min-side/")


def parent_journey(page: Any, cpr: str) -> None:
    person = registers.person(cpr)
    assert person is not None
    child = person.children_in_custody[0]
    log_in(page, cpr)
    check(page)

    # The contact-form case: plain status and the date we promised.
    matters = page.get_by_test_id("matters")
    card = matters.locator("li.minside-card", has_text=demo.SUBJECT)
    expect(card.get_by_test_id("status")).to_have_text("Under behandling")
    expect(card.get_by_test_id("promised")).to_contain_text("20")
    # The sent health-card order with its PDF receipt.
    pdf = page.get_by_test_id("submissions").get_by_role("link", name="som PDF").first
    response = page.request.get(pdf.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    # The draft Borgerservice started at the counter.
    expect(page.get_by_test_id("started-by")).to_contain_text(
        "Borgerservice Nørrebro startede den med dig"
    )
    # A suggestion with its reason.
    suggestion = page.locator("[data-rule='card-on-its-way']")
    expect(suggestion).to_contain_text("Derfor ser du dette")
    expect(suggestion).to_contain_text("bestille et nyt")

    # The case's own page: status, date and what happened.
    card.get_by_role("link", name=demo.SUBJECT).click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Vi modtog din henvendelse")
    check(page)
    page.get_by_role("link", name="Tilbage til Min side").click()

    # Move the booking, then cancel it after confirming.
    bookings = page.get_by_test_id("bookings")
    bookings.get_by_role("link", name="Flyt").click()
    check(page)
    page.locator("input[name=starts_at]").nth(2).check()
    page.get_by_role("button", name="Flyt").click()
    expect(page.get_by_text("Din tid er flyttet")).to_be_visible()
    check(page)
    page.goto("/min-side/")
    page.get_by_test_id("bookings").get_by_role("link", name="Aflys").click()
    expect(page.get_by_role("button", name="Ja, aflys tiden")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Ja, aflys tiden").click()
    page.wait_for_url("**/min-side/")
    expect(page.get_by_test_id("bookings")).to_contain_text("Du har ingen bestilte tider")
    check(page)

    # Act for the child, visibly, and back.
    page.get_by_role("button", name=f"Handl for {child.name}").click()
    expect(page.get_by_test_id("acting-for")).to_contain_text(f"Du handler nu for {child.name}")
    expect(page.get_by_test_id("acting-banner")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Handl for dig selv").click()
    expect(page.get_by_test_id("children")).to_be_visible()


def test_a_parent_uses_min_side_on_a_desktop(browser, live_server, seeded):
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", bypass_csp=True, viewport=DESKTOP
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        parent_journey(page, seeded)
    finally:
        context.close()


def test_a_parent_uses_min_side_on_a_phone_and_every_page_fits(browser, live_server, seeded):
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", bypass_csp=True, viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        parent_journey(page, seeded)
        # The design system's phone menu opens as a drawer, and is accessible open.
        page.get_by_role("button", name="Menu").click()
        expect(page.locator("#mobile-menu")).to_be_visible()
        check(page)
        page.locator("#mobile-menu a[href='/tider/']").click()
        page.wait_for_url("**/tider/")
        for name in CITIZEN_PAGES:
            page.goto(reverse(name))
            check(page)
        # The pages Min side leads to: a receipt, a conversation, a draft, a service.
        page.goto(reverse("minside:home"))
        links = page.evaluate(
            """() => ['/selvbetjening/kvittering/', '/beskeder/', '/selvbetjening/kladde/']
                .map(p => Array.from(document.querySelectorAll(`main a[href^='${p}']`))
                    .map(a => a.pathname).find(h => !h.endsWith('/pdf/')))"""
        )
        for path in [*links, reverse("selfservice:start", args=["sundhedskort"])]:
            assert path, links
            page.goto(path)
            check(page)
        # A bookable service's page (its free times are a long list of choices).
        page.goto(reverse("appointments:services"))
        page.locator("main a[href^='/tider/']").first.click()
        check(page)
    finally:
        context.close()
