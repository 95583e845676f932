"""Each role in a real browser: lands on its home, reaches its main task in
one click and does it; every page and state visited is axe-clean."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from indgang.core.browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"


def log_in(page: Any, username: str) -> None:
    from indgang.conftest import PASSWORD

    page.set_default_timeout(60_000)  # the first request imports every view
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/")
    page.set_default_timeout(15_000)
    assert page.get_by_role("navigation", name="Medarbejdermenu").is_visible()
    assert_accessible(page)


def tab_to(page: Any, locator: Any, limit: int = 120) -> None:
    """Press Tab until ``locator`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError("not reachable with Tab")


def test_the_caseworker_takes_answers_and_resolves_a_case_with_the_keyboard(
    page: Any, live_population: Any
) -> None:
    from indgang.cases.conftest import ensure_routing
    from indgang.cases.models import Case
    from indgang.cases.services import create_case
    from indgang.conftest import make_staff

    ensure_routing()
    make_staff("tove_tmf", "tmf", ["caseworker"], "affald")
    cpr = live_population.persons[0].cpr
    case = create_case(cpr=cpr, text=WASTE, citizen_name="Testborger", topic_slug="affald")
    log_in(page, "tove_tmf")

    page.get_by_role("link", name="nye i mit team").click()  # one click to the queue
    page.wait_for_url("**/medarbejder/sager/?vis=new")
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/")
    assert_accessible(page)

    take = page.get_by_role("button", name="Tag sagen")
    tab_to(page, take)
    page.keyboard.press("Enter")
    page.wait_for_url("**#people-heading")
    assert page.get_by_text("Sagen er tildelt.").count() == 1
    assert page.evaluate("document.activeElement.id") == "people-heading"
    assert_accessible(page)

    body = page.get_by_role("textbox", name="Svar borgeren")
    tab_to(page, body)
    page.keyboard.type("Vi tømmer den på torsdag.")
    tab_to(page, page.get_by_role("button", name="Send svar"))
    page.keyboard.press("Enter")
    page.wait_for_url("**#messages-heading")
    page.get_by_text("Vi tømmer den på torsdag.").wait_for()
    assert_accessible(page)

    resolve = page.get_by_role("button", name="Løst")
    tab_to(page, resolve)
    page.keyboard.press("Enter")
    page.wait_for_url("**#status-heading")
    assert page.evaluate("document.activeElement.id") == "status-heading"
    assert_accessible(page)
    case = Case.objects.get(pk=case.pk)
    assert case.state == "resolved" and case.assignee is not None
    assert case.thread.messages.filter(body="Vi tømmer den på torsdag.").exists()

    # One column on a narrow screen: the side panel comes after the conversation.
    page.set_viewport_size({"width": 400, "height": 800})
    conversation = page.locator(".case-conversation").bounding_box()
    side = page.locator(".case-side").bounding_box()
    assert side["y"] > conversation["y"] and side["x"] == conversation["x"]


def test_the_front_desk_checks_in_a_booking_and_reaches_assisted_service(
    page: Any, live_population: Any
) -> None:
    from indgang.appointments.models import Booking
    from indgang.appointments.tests.factories import BookingFactory, ServiceFactory
    from indgang.conftest import make_staff
    from indgang.directory.demo import load_directory
    from indgang.directory.hours import LOCAL
    from indgang.directory.models import OrganisationUnit

    load_directory()
    centre = OrganisationUnit.objects.get(slug="borgerservice-kultorvet")
    today = timezone.localdate()
    booking = BookingFactory(
        service=ServiceFactory(unit=centre),
        starts_at=dt.datetime.combine(today, dt.time(10), tzinfo=LOCAL),
        citizen_name="Karen Testesen",
    )
    make_staff("frida_kff", "kff", ["front_desk"], "borgerservice")
    log_in(page, "frida_kff")

    page.get_by_role(
        "link", name="Tjek ind eller registrér udeblivelser i Borgerservice Kultorvet"
    ).click()
    page.wait_for_url(f"**/medarbejder/tider/{centre.slug}/{today.isoformat()}/")
    assert_accessible(page)
    page.get_by_role("button", name="Tjek ind Karen Testesen").click()
    page.get_by_text("Mødt").first.wait_for()
    assert Booking.objects.get(pk=booking.pk).status == "checked_in"
    assert_accessible(page)

    page.get_by_role("link", name="Hjem").click()
    page.get_by_role("link", name="Start medbetjening").click()
    page.wait_for_url("**/medarbejder/medbetjening/")
    assert_accessible(page)


def test_the_editor_changes_opening_hours_with_a_live_preview(
    page: Any, live_population: Any
) -> None:
    from indgang.conftest import make_staff
    from indgang.directory.demo import load_directory

    load_directory()
    make_staff("eva_kff", "kff", ["editor"], "borgerservice")
    log_in(page, "eva_kff")

    page.get_by_role("link", name="Redigér stederne").click()  # one click to the places
    page.wait_for_url("**/medarbejder/steder/")
    assert_accessible(page)
    page.get_by_role("link", name="Borgerservice Kultorvet").click()
    page.wait_for_url("**/medarbejder/steder/rediger/borgerservice-kultorvet/")
    assert_accessible(page)
    hours = page.get_by_role("textbox", name="Åbningstider")
    hours.fill("Mo-Fr 07:30-11:00")
    page.locator("#hours-preview").get_by_text("07.30–11.00").first.wait_for()  # live
    hours.fill("Mandag 8-12")
    page.get_by_test_id("hours-error").wait_for()
    assert_accessible(page)
    hours.fill("Mo-Fr 07:30-11:00")
    page.get_by_role("button", name="Gem stedet").click()
    page.get_by_text("Stedet er gemt.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Se den offentlige side").click()
    page.get_by_text("7.30").first.wait_for()

    # The catalogue entries: Danish and English texts on one page.
    from indgang.catalogue.demo import load_catalogue

    load_catalogue()
    page.goto("/medarbejder/ydelser/")
    assert_accessible(page)
    page.locator("main a[href^='/medarbejder/ydelser/']").first.click()
    page.get_by_role("heading", name="Engelske tekster").wait_for()
    assert_accessible(page)


def test_the_analyst_reaches_the_insight_overview(page: Any, live_population: Any) -> None:
    from indgang.conftest import make_staff

    make_staff("anna_okf", "okf", ["analyst"], None)
    log_in(page, "anna_okf")
    page.get_by_role("link", name="Kanalindsigt").first.click()
    page.wait_for_url("**/medarbejder/indsigt/**")
    assert page.get_by_role("navigation", name="Medarbejdermenu").is_visible()
    assert_accessible(page)
