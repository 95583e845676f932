"""Self-service in a real browser: a synthetic citizen changes GP (axe-core on
every page, including error states; choices made with the keyboard; a child
moving along; the draft resumed after logging out), an assisted session the
front desk starts and the citizen finishes, and a health card ordered with
JavaScript switched off."""

import pytest
from playwright.sync_api import expect

from indgang.core.browser import assert_accessible
from indgang.registers import queries as registers
from indgang.selfservice import services
from indgang.selfservice.models import Submission

# serialized_rollback restores the migrations' reference data (administrations)
# that the previous live-server test's flush removed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, cpr, next_url):
    page.goto(f"/log-ind/test/?next={next_url}")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(cpr)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")


def choose_with_keyboard(page, label):
    """Select a radio or checkbox and send the step, keyboard only."""
    page.get_by_label(label).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")


def test_a_citizen_changes_gp_with_a_child_and_resumes_after_logging_out(page, live_population):
    services.import_built_in_definitions()
    parent = sorted(
        {r.from_cpr for r in live_population.relations if r.kind == "child" and r.custody}
    )[0]
    person = registers.person(parent)
    child = person.children_in_custody[0]

    log_in(page, parent, "/selvbetjening/laegeskift/")
    page.wait_for_url("**/selvbetjening/laegeskift/")
    assert "Det koster 225 kr." in page.get_by_test_id("notice").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()

    page.wait_for_url("**/om-dig/")
    prefilled = page.get_by_test_id("prefilled").inner_text()
    assert person.name in prefilled and person.address.label in prefilled
    assert person.gp.name in prefilled
    assert_accessible(page)
    page.get_by_role("button", name="Næste").click()

    # The error state: sending without a choice.
    page.wait_for_url("**/sygesikring/")
    assert_accessible(page)
    page.get_by_role("button", name="Næste").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "Vælg, om du vil blive i din gruppe eller skifte." in page.content()
    assert_accessible(page)
    choose_with_keyboard(page, "Bliv i gruppe 1")

    page.wait_for_url("**/laege/")
    assert_accessible(page)
    first_clinic = page.locator("input[name=clinic]").first
    clinic_id = first_clinic.get_attribute("value")
    first_clinic.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")

    page.wait_for_url("**/boern/")
    assert_accessible(page)
    choose_with_keyboard(page, child.name)

    # Leave, log out, come back: the draft is on "Min side".
    page.wait_for_url("**/gebyr/")
    page.get_by_role("button", name="Log af").click()
    page.wait_for_url("**/")
    log_in(page, parent, "/min-side/")
    page.wait_for_url("**/min-side/")
    assert_accessible(page)
    page.get_by_test_id("drafts").get_by_role("link", name="Skift læge").click()

    page.wait_for_url("**/gebyr/")
    assert_accessible(page)
    choose_with_keyboard(page, "Af en anden grund")

    page.wait_for_url("**/tjek/")
    assert child.name in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()

    page.wait_for_url("**/kvittering/**")
    submission = Submission.objects.get(cpr=parent)
    assert submission.reference in page.content()
    assert submission.answers == {
        "insurance": "keep",
        "clinic": clinic_id,
        "children": [child.cpr],
        "reason": "other",
    }
    assert_accessible(page)


def test_front_desk_starts_an_assisted_session_and_the_citizen_finishes(page, live_population):
    from indgang.conftest import PASSWORD, make_staff

    services.import_built_in_definitions()
    make_staff("frida_kff", "kff", ["front_desk"], "borgerservice")
    parent = sorted(
        {r.from_cpr for r in live_population.relations if r.kind == "child" and r.custody}
    )[0]

    page.goto("/medarbejder/log-ind/?next=/medarbejder/medbetjening/")
    page.get_by_label("Brugernavn").fill("frida_kff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/medbetjening/")
    assert_accessible(page)
    # Forgetting the consent is an error, shown accessibly.
    page.get_by_label("Borgerens CPR-nummer").fill(parent)
    page.get_by_label("Selvbetjening", exact=True).select_option("laegeskift")
    page.get_by_role("button", name="Registrér samtykke og start").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Borgeren har sagt ja").check()
    page.get_by_role("button", name="Registrér samtykke og start").click()

    page.wait_for_url("**/om-dig/")
    expect(page.get_by_test_id("assist-banner")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url("**/sygesikring/")
    choose_with_keyboard(page, "Bliv i gruppe 1")
    page.wait_for_url("**/laege/")
    page.locator("input[name=clinic]").first.check()
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url("**/boern/")
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url("**/gebyr/")
    choose_with_keyboard(page, "Af en anden grund")
    page.wait_for_url("**/medbetjening/**/tjek/")
    assert_accessible(page)
    page.get_by_role("button", name="Giv videre til borgeren").click()
    page.wait_for_url("**/medarbejder/medbetjening/")
    page.get_by_role("button", name="Log af").click()

    # At home: the citizen sees who helped, checks and sends.
    log_in(page, parent, "/min-side/")
    page.wait_for_url("**/min-side/")
    page.get_by_test_id("drafts").get_by_role("link", name="Skift læge").click()
    page.wait_for_url("**/kladde/**/tjek/")
    assert "Frida Testesen" in page.get_by_test_id("assists").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/kvittering/**")
    assert Submission.objects.filter(cpr=parent).count() == 1
    assert_accessible(page)


def test_a_new_health_card_is_ordered_without_javascript(browser, live_server, live_population):
    services.import_built_in_definitions()
    cpr = sorted(p.cpr for p in live_population.persons if p.birth_date.year < 1990)[0]
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, cpr, "/selvbetjening/sundhedskort/")
        page.wait_for_url("**/selvbetjening/sundhedskort/")
        page.get_by_role("button", name="Start").click()
        page.wait_for_url("**/aarsag/")
        page.get_by_label("Kortet er væk").check()
        page.get_by_role("button", name="Næste").click()
        page.wait_for_url("**/levering/")
        page.get_by_role("button", name="Næste").click()  # error: not confirmed
        expect(page.get_by_role("alert")).to_contain_text("Sæt kryds for at bekræfte.")
        page.get_by_label("Jeg bekræfter").check()
        page.get_by_role("button", name="Næste").click()
        page.wait_for_url("**/tjek/")
        assert "Det koster 195 kr." in page.content()
        page.get_by_role("button", name="Send").click()
        page.wait_for_url("**/kvittering/**")
        assert Submission.objects.get(cpr=cpr).answers == {"reason": "lost", "confirm": True}
    finally:
        context.close()
