"""Enkeltydelse in a real browser: a synthetic citizen applies for dental
treatment with assets over the limit, adds a second item, meets an address
that is not in the register, is told an attachment is missing, uploads it,
confirms sending against the advice, and a bif caseworker sees the
checklist. axe-core finds nothing on any page, error states included."""

import pytest
from playwright.sync_api import expect

from indgang.conftest import PASSWORD, make_staff
from indgang.core.browser import assert_accessible
from indgang.selfservice import services
from indgang.selfservice.models import Submission
from indgang.selfservice.tasks import process_submission
from indgang.selfservice.tests.test_browser_selfservice import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def next_step(page, url_part):
    page.get_by_role("button", name="Næste", exact=True).click()
    page.wait_for_url(f"**/{url_part}/")


def test_a_citizen_applies_over_the_asset_limit_with_a_quote_uploaded(
    page, live_population, settings
):
    settings.SELFSERVICE_ASSET_LIMIT_PERSON = 10_000
    settings.SELFSERVICE_ASSET_LIMIT_COUPLE = 20_000
    services.import_built_in_definitions()
    citizen = sorted(p.cpr for p in live_population.persons if p.age_on() >= 18)[0]

    log_in(page, citizen, "/selvbetjening/enkeltydelse/")
    page.wait_for_url("**/selvbetjening/enkeltydelse/")
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()

    # The purpose step: the error state, then a second item added without JavaScript.
    page.wait_for_url("**/formaal/")
    page.get_by_role("button", name="Næste", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "Vælg, hvad hjælpen skal bruges til." in page.content()
    assert_accessible(page)
    page.get_by_label("Tandbehandling").check()
    page.get_by_label("Hvad", exact=True).fill("Rodbehandling")
    page.get_by_label("Pris (kr.)").fill("4200")
    page.get_by_label("Hvorfor kan du ikke selv betale?").fill("Min SU rækker ikke")
    page.get_by_role("button", name="Tilføj endnu en ting").click()
    page.wait_for_url("**/formaal/#*")
    assert page.get_by_label("Hvad", exact=True).nth(0).input_value() == "Rodbehandling"
    page.get_by_label("Hvad", exact=True).nth(1).fill("Krone")
    page.get_by_label("Pris (kr.)").nth(1).fill("3000")
    assert_accessible(page)
    next_step(page, "husstand")

    # An address that is not in the register gets a clear message.
    assert_accessible(page)
    field = page.get_by_label("Bor du et andet sted end på din adresse i CPR?")
    # With JavaScript, suggestions from the address register fill a native <datalist>.
    street = live_population.addresses[0].street
    field.press_sequentially(street, delay=20)
    page.wait_for_selector("#id_actual_address-list option", state="attached")
    options = page.locator("#id_actual_address-list option")
    assert all(v.startswith(street) for v in options.evaluate_all("o => o.map(x => x.value)"))
    field.fill("Findesikkevej 999")
    page.get_by_role("button", name="Næste", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("i adresseregistret")
    assert_accessible(page)
    page.get_by_label("Bor du et andet sted end på din adresse i CPR?").fill("")
    next_step(page, "oekonomi")

    assert "Indkomstregistret" in page.content() or "indkomstregistret" in page.content()
    assert_accessible(page)
    page.get_by_label("Formue i alt (kr.)").fill("85000")
    next_step(page, "bilag")

    # No quote attached: the form names what is missing and explains the limit.
    assert_accessible(page)
    next_step(page, "bekraeft")
    notices = page.get_by_test_id("notice").all_inner_texts()
    assert any(
        "over grænsen for en enlig på 10.000 kr." in n
        or "over grænsen for et par på 20.000 kr." in n
        for n in notices
    )
    assert any("Du mangler at vedhæfte: prisoverslag." in n for n in notices)
    assert_accessible(page)

    # Back to attach the quote.
    page.get_by_role("link", name="Tilbage").click()
    page.wait_for_url("**/bilag/")
    page.get_by_label("Prisoverslag").set_input_files(
        files=[{"name": "tilbud.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    next_step(page, "bekraeft")
    notices = page.get_by_test_id("notice").all_inner_texts()
    assert not any("mangler" in n for n in notices)
    # Sending against the advice needs the box ticked: never by accident.
    page.get_by_role("button", name="Næste", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Jeg har læst rådet og vil søge alligevel").check()
    next_step(page, "tjek")
    assert "tilbud.pdf" in page.content() and "Krone" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/kvittering/**")
    assert_accessible(page)

    submission = Submission.objects.get(cpr=citizen)
    assert submission.answers["submit_anyway"] is True
    assert [f["name"] for f in submission.answers["price_quote"]] == ["tilbud.pdf"]
    process_submission.call(str(submission.pk))

    # A bif caseworker sees the application with its checklist.
    make_staff("birte_bif", "bif", ["caseworker"], "ydelser")
    page.get_by_role("button", name="Log af").click()
    page.goto("/medarbejder/log-ind/?next=/medarbejder/enkeltydelse/")
    page.get_by_label("Brugernavn").fill("birte_bif")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url("**/medarbejder/enkeltydelse/")
    application = page.get_by_test_id("application")
    assert submission.reference in application.inner_text()
    assert "tilbud.pdf" in application.inner_text()
    assert_accessible(page)
