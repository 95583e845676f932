"""Hand-off to a person in a real browser: a citizen and a member of
Borgerservice in two browser contexts (take-over, replies both ways, end);
outside chat hours the conversation becomes a case with the transcript; and
the live chat without JavaScript ("Opdater"). axe finds nothing on any page."""

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


@pytest.fixture(autouse=True)
def _patient_expect() -> Any:
    # Polling every few seconds on a busy machine: give the page time to catch up.
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def _content(chat_hours: str) -> None:
    from indgang.assistant.conftest import set_chat_hours
    from indgang.catalogue.demo import load_catalogue
    from indgang.directory.demo import load_directory
    from indgang.messaging.demo import load_reply_templates

    load_directory()
    load_catalogue()
    load_reply_templates()
    set_chat_hours(chat_hours)
    from indgang.assistant import answers

    answers.warm_up()  # build the index before the first question, not during it


def _staff_page(browser: Any, live_server: Any) -> tuple[Any, Any]:
    from indgang.conftest import PASSWORD, make_staff

    make_staff("anna_kff", "kff", ["front_desk"], "borgerservice")
    context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("anna_kff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/")
    page.get_by_role("link", name="Chat", exact=True).first.click()
    page.wait_for_url("**/medarbejder/chat/")
    page.get_by_role("button", name="Gå online").click()
    expect(page.get_by_text("Du er online.", exact=True)).to_be_visible()
    return context, page


def test_a_member_of_borgerservice_takes_over_live(
    page: Any, browser: Any, live_server: Any, live_population: Any
) -> None:
    from indgang.assistant.conftest import ALWAYS

    _content(ALWAYS)
    staff_context, staff = _staff_page(browser, live_server)
    try:
        assert_accessible(staff)
        page.set_default_timeout(60_000)
        page.goto("/spoerg/")
        page.get_by_label("Dit spørgsmål").fill(QUESTION)
        page.get_by_role("button", name="Spørg", exact=True).click()
        expect(page.locator("#assistant-conversation")).to_contain_text("Lægeskift")
        page.get_by_role("button", name="Chat med en medarbejder nu").click()
        page.wait_for_url("**/spoerg/chat/")
        expect(page.locator("#chat-status")).to_contain_text("Du venter på en medarbejder")
        assert_accessible(page)

        # The queue asks again by itself (htmx): the question and the answer so far.
        waiting = staff.locator(".indgang-chat-waiting")
        expect(waiting).to_contain_text(QUESTION)
        expect(waiting.get_by_role("link", name="Lægeskift")).to_be_visible()
        expect(staff.locator("#chat-queue-count")).to_contain_text("1 borger venter")
        assert_accessible(staff)
        staff.get_by_role("button", name="Tag samtalen").click()
        staff.wait_for_url("**/medarbejder/chat/*/")
        assert_accessible(staff)

        # Announced to the citizen in the live region, without reloading.
        messages = page.locator("#chat-messages")
        assert messages.get_attribute("aria-live") == "polite"
        expect(messages).to_contain_text("Du skriver nu med Anna fra Borgerservice")
        expect(page.locator("#chat-status")).to_contain_text("Du skriver nu med Anna")

        # The staff member answers, from a reply template, with the keyboard.
        staff.get_by_label("Svarskabelon").select_option(label="Tak for din henvendelse")
        staff.get_by_role("button", name="Indsæt skabelonen").click()
        reply = staff.get_by_label("Svar borgeren")
        expect(reply).to_contain_text("Tak for din henvendelse")
        reply.fill("Hej, du kan skifte læge på borger.dk.")
        staff.get_by_role("button", name="Send", exact=True).focus()
        staff.keyboard.press("Enter")
        expect(staff.locator("#chat-messages")).to_contain_text("du kan skifte læge")
        expect(messages).to_contain_text("Hej, du kan skifte læge på borger.dk.")

        # The citizen answers with the keyboard; the field comes back empty and focused.
        field = page.get_by_label("Din besked")
        field.fill("Tak for hjælpen")
        field.press("Enter")
        expect(messages).to_contain_text("Tak for hjælpen")
        expect(page.get_by_label("Din besked")).to_be_focused()
        expect(staff.locator("#chat-messages")).to_contain_text("Tak for hjælpen")
        assert_accessible(page)

        staff.get_by_role("button", name="Afslut chatten").click()
        staff.wait_for_url("**/medarbejder/chat/")
        expect(page.locator("#chat-status")).to_contain_text("Chatten er afsluttet")
        page.get_by_role("button", name="Ja").click()
        expect(page.get_by_role("status").last).to_contain_text("Tak")
        assert_accessible(page)
    finally:
        staff_context.close()

    from indgang.assistant.constants import Outcome
    from indgang.assistant.models import Conversation
    from indgang.contacts.models import Contact

    conversation = Conversation.objects.get()
    assert conversation.outcome == Outcome.HANDED_OVER and conversation.helped is True
    assert Contact.objects.get(pk=conversation.contact_id).channel == "chat"


def test_outside_chat_hours_the_conversation_becomes_a_case(
    page: Any, live_population: Any
) -> None:
    from indgang.cases.conftest import ensure_routing
    from indgang.cases.models import Case

    _content("")
    ensure_routing()
    page.set_default_timeout(60_000)
    page.goto("/spoerg/")
    page.get_by_label("Dit spørgsmål").fill(QUESTION)
    page.get_by_role("button", name="Spørg", exact=True).click()
    expect(page.locator("#assistant-conversation")).to_contain_text("Lægeskift")
    page.get_by_role("link", name="Send samtalen til en medarbejder").click()
    page.wait_for_url("**/til-en-medarbejder/")
    expect(page.get_by_role("main")).to_contain_text("Ingen fra Borgerservice kan chatte lige nu")
    expect(page.get_by_role("button", name="Chat med en medarbejder nu")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Din e-mailadresse").fill("svar@eksempel.dk")
    page.get_by_role("button", name="Send til en medarbejder").click()
    page.wait_for_url("**/spoerg/sendt/")
    case = Case.objects.get()
    expect(page.get_by_role("main")).to_contain_text(case.reference)
    assert f"Spørgsmål: {QUESTION}" in case.text and "Lægeskift" in case.text
    assert_accessible(page)


def test_the_live_chat_without_javascript(
    browser: Any, live_server: Any, live_population: Any
) -> None:
    from indgang.assistant import services
    from indgang.assistant.conftest import ALWAYS
    from indgang.assistant.models import Conversation
    from indgang.conftest import make_staff

    _content(ALWAYS)
    anna = make_staff("anna_kff", "kff", ["front_desk"], "borgerservice")
    services.set_presence(actor=anna, online=True)
    plain = browser.new_context(base_url=live_server.url, locale="da-DK", java_script_enabled=False)
    page = plain.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto("/spoerg/")
        page.get_by_label("Dit spørgsmål").fill(QUESTION)
        page.get_by_role("button", name="Spørg", exact=True).click()
        page.get_by_role("button", name="Chat med en medarbejder nu").click()
        page.wait_for_url("**/spoerg/chat/")
        page.get_by_label("Din besked").fill("Jeg er flyttet")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator("#chat-messages")).to_contain_text("Jeg er flyttet")
        conversation = Conversation.objects.get()
        services.take_over(conversation, actor=anna)
        services.staff_says(conversation, "Velkommen til Valby", actor=anna)
        expect(page.locator("#chat-messages")).not_to_contain_text("Velkommen")
        page.get_by_role("button", name="Opdater").click()
        expect(page.locator("#chat-messages")).to_contain_text("Velkommen til Valby")
        expect(page.locator("#chat-status")).to_contain_text("Du skriver nu med Anna")
        state = plain.storage_state()
    finally:
        plain.close()
    # axe needs JavaScript to run: check the same server-rendered chat with it.
    checked = browser.new_context(
        base_url=live_server.url, locale="da-DK", bypass_csp=True, storage_state=state
    )
    page = checked.new_page()
    try:
        page.goto("/spoerg/chat/")
        expect(page.locator("#chat-messages")).to_contain_text("Velkommen til Valby")
        assert_accessible(page)
    finally:
        checked.close()
