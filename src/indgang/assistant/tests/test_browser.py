"""An anonymous citizen asks in a real browser, with and without JavaScript:
the answer cites its source and offers the self-service; axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from indgang.core.browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "hvordan skifter jeg laege"


def _load_content() -> None:
    from indgang.catalogue.demo import load_catalogue
    from indgang.directory.demo import load_directory

    load_directory()
    load_catalogue()
    from indgang.assistant import answers

    answers.warm_up()  # build the index now: on a busy machine the first answer took > 5 s


def test_a_question_is_answered_in_place_with_htmx(page: Any, live_population: Any) -> None:
    _load_content()
    page.set_default_timeout(60_000)  # the first request imports every view
    page.goto("/")
    page.get_by_role("link", name="Spørg kommunen").first.click()
    page.wait_for_url("**/spoerg/")
    assert_accessible(page)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Dit spørgsmål").fill(QUESTION)
    page.get_by_role("button", name="Spørg", exact=True).click()
    conversation = page.locator("#assistant-conversation")
    expect(conversation).to_contain_text("Lægeskift")
    assert page.evaluate("window.stillTheSamePage") is True  # no page load: htmx swapped it in
    assert conversation.get_attribute("aria-live") == "polite"
    expect(conversation.get_by_role("link", name="Lægeskift")).to_have_attribute(
        "href", "/ydelser/laegeskift/"
    )
    expect(conversation.get_by_role("link", name="Start selvbetjeningen")).to_have_attribute(
        "href", "/selvbetjening/laegeskift/"
    )
    expect(page.get_by_label("Dit spørgsmål")).to_be_focused()
    expect(page.get_by_label("Dit spørgsmål")).to_have_value("")
    assert_accessible(page)
    # The keyboard alone: a second question, and "did it help?".
    page.keyboard.type("Hvad koster et nyt pas?")
    page.keyboard.press("Enter")
    expect(conversation).to_contain_text("743 kr.")
    conversation.get_by_role("button", name="Ja").last.click()
    expect(page.get_by_role("status")).to_contain_text("Tak")
    assert_accessible(page)


def test_a_question_is_answered_without_javascript(
    browser: Any, live_server: Any, live_population: Any
) -> None:
    _load_content()
    plain = browser.new_context(base_url=live_server.url, locale="da-DK", java_script_enabled=False)
    page = plain.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto("/spoerg/")
        page.get_by_label("Dit spørgsmål").fill(QUESTION)
        page.get_by_role("button", name="Spørg", exact=True).click()
        page.wait_for_load_state()
        expect(page.get_by_role("link", name="Lægeskift")).to_have_attribute(
            "href", "/ydelser/laegeskift/"
        )
        expect(page.get_by_role("link", name="Start selvbetjeningen")).to_be_visible()
        state = plain.storage_state()
    finally:
        plain.close()
    # axe needs JavaScript to run: check the same server-rendered conversation with it.
    checked = browser.new_context(
        base_url=live_server.url, locale="da-DK", bypass_csp=True, storage_state=state
    )
    page = checked.new_page()
    try:
        page.goto("/spoerg/")
        expect(page.get_by_role("link", name="Start selvbetjeningen")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="Send samtalen til en medarbejder").click()
        page.wait_for_url("**/til-en-medarbejder/")
        expect(page.locator("pre")).to_contain_text("Spørgsmål: hvordan skifter jeg laege")
        assert_accessible(page)
    finally:
        checked.close()


def test_hand_off_referrals_and_the_staff_figures_are_accessible(
    page: Any, live_population: Any
) -> None:
    from indgang.cases.conftest import ensure_routing
    from indgang.cases.models import Case
    from indgang.conftest import PASSWORD, make_staff

    _load_content()
    ensure_routing()
    page.set_default_timeout(60_000)
    page.goto("/spoerg/")
    page.get_by_label("Dit spørgsmål").fill("Min årsopgørelse er forkert")
    page.get_by_role("button", name="Spørg", exact=True).click()
    conversation = page.locator("#assistant-conversation")
    expect(conversation).to_contain_text("Skattestyrelsen")
    conversation.get_by_role("link", name="Hvem tager sig af hvad").click()
    page.wait_for_url("**/andre-myndigheder/#skat")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Send samtalen til en medarbejder").click()
    page.get_by_role("button", name="Send til en medarbejder").click()  # no e-mail yet
    expect(page.get_by_role("alert")).to_contain_text("Skriv din e-mailadresse")
    assert_accessible(page)
    page.get_by_label("Din e-mailadresse").fill("svar@eksempel.dk")
    page.get_by_role("button", name="Send til en medarbejder").click()
    page.wait_for_url("**/spoerg/sendt/")
    case = Case.objects.get()
    expect(page.get_by_role("main")).to_contain_text(case.reference)
    assert "Spørgsmål: Min årsopgørelse er forkert" in case.text
    assert_accessible(page)

    make_staff("eva_kff", "kff", ["editor"], "borgerservice")
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("eva_kff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/")
    page.goto("/medarbejder/spoerg/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spørg kommunen")
    assert_accessible(page)


def test_a_logged_in_citizen_asks_about_their_own_case(page: Any, live_population: Any) -> None:
    from indgang.cases import services as cases
    from indgang.cases.conftest import ensure_routing

    _load_content()
    ensure_routing()
    cpr = sorted(p.cpr for p in live_population.persons if p.birth_date.year < 1990)[0]
    case = cases.create_case(cpr=cpr, text="Der er rotter i vores gård på Amager.")
    page.set_default_timeout(60_000)
    page.goto("/log-ind/test/?next=/spoerg/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(cpr)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/spoerg/")
    page.get_by_label("Dit spørgsmål").fill("Hvornår får jeg svar på min sag?")
    page.get_by_role("button", name="Spørg", exact=True).click()
    conversation = page.locator("#assistant-conversation")
    expect(conversation).to_contain_text(f"Din sag {case.reference}")
    expect(conversation).to_contain_text("Vi svarer senest")
    expect(conversation.get_by_role("link", name="Dine beskeder")).to_have_attribute(
        "href", "/beskeder/"
    )
    assert_accessible(page)
