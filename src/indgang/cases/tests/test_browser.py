"""The secure contact form to the caseworker's queue in a real browser, with
axe-core on every page (error state included)."""

import pytest
from playwright.sync_api import expect

from indgang.cases.conftest import ensure_routing
from indgang.cases.models import Case
from indgang.core.browser import assert_accessible

# serialized_rollback restores the migrations' reference data (administrations)
# that the previous live-server test's flush removed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_citizen_writes_and_the_caseworker_finds_the_case_in_the_queue(page, live_population):
    from indgang.conftest import PASSWORD, make_staff

    ensure_routing()
    make_staff("tove_tmf", "tmf", ["caseworker"], "veje")
    citizen = live_population.persons[0].cpr

    page.goto("/log-ind/test/?next=/kontakt/skriv/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(citizen)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/kontakt/skriv/")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Din besked").fill(
        "Der er et stort hul i vejen ud for min opgang, cyklister falder"
    )
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/kontakt/skriv/sendt/")
    case = Case.objects.get()
    assert case.reference in page.content()
    assert_accessible(page)

    page.goto("/medarbejder/log-ind/?next=/medarbejder/sager/")
    page.get_by_label("Brugernavn").fill("tove_tmf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/sager/")
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/")
    assert_accessible(page)
    page.get_by_role("button", name="Tag sagen").click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/#people-heading")
    page.get_by_role("button", name="Under behandling").click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/#status-heading")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == "in_progress" and case.assignee.username == "tove_tmf"


def test_a_visitor_without_login_asks_a_general_question(page, live_population):
    from django.core.cache import cache

    cache.clear()
    ensure_routing()
    page.goto("/kontakt/skriv/")
    expect(page.get_by_role("heading", name="Stil et generelt spørgsmål")).to_be_visible()
    assert_accessible(page)
    question = page.get_by_label("Dit spørgsmål")
    question.fill("Mit cpr-nummer er 010203-1234, hvornår hentes storskrald?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert").first).to_contain_text("Fjern CPR-nummeret")
    assert_accessible(page)
    question.fill("Hvornår bliver storskrald hentet på Amagerbrogade?")
    page.get_by_label("E-mail til svaret (valgfrit)").fill("svar@eksempel.dk")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/kontakt/skriv/sendt/")
    assert_accessible(page)
    case = Case.objects.get()
    assert case.cpr == "" and case.reply_email == "svar@eksempel.dk"


def test_central_triage_shows_suggestions_with_kle_titles_accessibly(page, live_population):
    from indgang.cases import services
    from indgang.conftest import PASSWORD, make_staff

    ensure_routing()
    make_staff("frida_kff", "kff", ["caseworker"], "borgerservice")
    case = services.create_case(cpr=live_population.persons[0].cpr, text="Jeg har et spørgsmål")
    # Whatever the classifier ranks first, each suggestion may carry a KLE topic.
    case.suggestions = [
        ["suf", 0.41, "27.36.04", "Personlig og praktisk hjælp"],
        ["sof", 0.3, None, ""],
    ]
    case.save(update_fields=["suggestions"])

    page.goto("/medarbejder/log-ind/?next=/medarbejder/sager/triage/")
    page.get_by_label("Brugernavn").fill("frida_kff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/sager/triage/")
    expect(
        page.get_by_text("Sundheds- og Omsorgsforvaltningen (41 %): Personlig og praktisk hjælp")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/")
    expect(page.get_by_text("KLE 27.36.04 Personlig og praktisk hjælp")).to_be_visible()
    assert_accessible(page)
