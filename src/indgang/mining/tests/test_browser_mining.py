"""An analyst uploads a real log and reads the analysis, in a real browser."""

import pytest
from playwright.sync_api import expect

from indgang.conftest import PASSWORD, make_staff
from indgang.core.browser import assert_accessible
from indgang.mining.tests.eventlogs import eventlogs_dir
from indgang.mining.tests.test_web import IMMEDIATE

pytestmark = pytest.mark.browser


def test_analyst_uploads_a_log_and_explores_it(page, live_population, settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    make_staff("otto_okf", "okf", ["analyst"], None)
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("otto_okf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.get_by_role("link", name="Procesmining af sagers hændelseslogs").click()
    assert_accessible(page)

    page.get_by_label("Processens navn").fill("Miljøtilladelser, modtagelse")
    page.get_by_label("Hændelseslog").set_input_files(str(eventlogs_dir() / "receipt_WABO.xes.gz"))
    page.get_by_role("button", name="Upload og analysér").click()
    expect(page.get_by_role("heading", name="De største fund")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kort", exact=True).click()
    page.wait_for_selector("svg[role=img]")
    assert_accessible(page)

    # The slider works with the keyboard: fewer paths, then show.
    slider = page.get_by_label("Viste stier (%)")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.wait_for_url("**stier=30**")
    expect(page.locator("#map-summary")).to_contain_text("stier mellem dem")
    assert_accessible(page)
