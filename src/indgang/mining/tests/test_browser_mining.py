"""An analyst uploads a real log and reads the analysis, in a real browser."""

import pytest
from playwright.sync_api import expect

from indgang.conftest import PASSWORD, make_staff
from indgang.core.browser import assert_accessible
from indgang.mining.demo import _import_file, synthetic_case_events
from indgang.mining.engine import export_xes, make_event_log
from indgang.mining.tests.eventlogs import eventlogs_dir
from indgang.mining.tests.test_web import IMMEDIATE

pytestmark = pytest.mark.browser


def log_in(page):
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("otto_okf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()


def fits(page, locator):
    box = locator.bounding_box()
    return (
        box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    )


def test_analyst_uploads_a_log_and_explores_it(page, live_population, settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    analyst = make_staff("otto_okf", "okf", ["analyst"], None)
    # Uploads are analysed inside the request here (IMMEDIATE tasks): on the shared,
    # loaded build machine a page can take longer than the default 15 s.
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page)
    page.get_by_role("link", name="Procesmining af sagers hændelseslogs").click()
    assert_accessible(page)

    page.get_by_label("Processens navn").fill("Byggetilladelser")
    page.get_by_label("Hændelseslog").set_input_files(str(eventlogs_dir() / "BPIC15_1.xes.gz"))
    page.get_by_role("button", name="Upload og analysér").click()
    expect(page.get_by_role("heading", name="De største fund")).to_be_visible()
    assert_accessible(page)

    # The readable activity name: pick it, and the map and variants use it.
    page.get_by_label("Aktivitetsnavn fra").select_option(
        label="Attribut: activityNameEN (289 værdier)"
    )
    page.get_by_role("button", name="Brug disse attributter").click()
    expect(page.get_by_text("Analysen bruger nu de valgte attributter.")).to_be_visible()

    # The map starts with the most frequent activities and fits the page.
    page.get_by_role("link", name="Kort", exact=True).click()
    svg = page.locator(".mining-map svg")
    expect(svg).to_be_visible()
    assert fits(page, svg)
    expect(page.locator("#map-summary")).to_contain_text("af 289 aktiviteter")
    expect(svg).to_contain_text("send confirmation receipt")
    expect(page.get_by_role("button", name="Tilpas til siden")).to_be_visible()  # zoom works
    page.get_by_role("button", name="Zoom ind").click()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert fits(page, svg)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.set_viewport_size({"width": 1280, "height": 900})

    # A variant, then one of its cases with its trace.
    page.get_by_role("link", name="Varianter", exact=True).click()
    expect(page.get_by_role("columnheader", name="Andel af sager")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Variant 1", exact=True).click()
    expect(page.get_by_text("Sager der følger variant 1")).to_be_visible()
    page.locator("table").last.get_by_role("link").first.click()
    expect(page.get_by_role("columnheader", name="Ventetid siden forrige")).to_be_visible()
    assert_accessible(page)

    # Two rules, and the cases that break them.
    page.get_by_role("link", name="Regler", exact=True).click()
    page.get_by_label("Regel", exact=True).select_option("at_most")
    page.get_by_label("Aktivitet A").select_option("send confirmation receipt")
    page.get_by_label("N (gange eller arbejdsdage)").fill("0")
    page.get_by_role("button", name="Tilføj reglen").click()
    expect(page.get_by_text("Reglen er tilføjet.")).to_be_visible()
    page.get_by_label("Regel", exact=True).select_option("within")
    page.get_by_label("Aktivitet A").select_option("")
    page.get_by_label("Aktivitet B").select_option("send confirmation receipt")
    page.get_by_label("N (gange eller arbejdsdage)").fill("5")
    page.get_by_role("button", name="Tilføj reglen").click()
    rules = page.get_by_role("table", name="Regler og de sager, der afviger")
    expect(rules.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.set_viewport_size({"width": 1280, "height": 900})
    rules.locator("tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_text("Sager der bryder reglen")).to_be_visible()

    page.get_by_role("link", name="Borgerbyrde", exact=True).click()
    expect(page.get_by_role("table", name="Hvorfor sager gik tilbage til borgeren")).to_be_visible()
    assert_accessible(page)

    # Four more processes, then the portfolio ranks all five.
    for file_name, name in (
        ("receipt_WABO.xes.gz", "Miljøtilladelser, modtagelse"),
        ("CoSeLoG_WABO_1.xes.gz", "Miljøtilladelser"),
    ):
        _import_file(eventlogs_dir() / file_name, name, analyst, "okf")
    for seed, name in ((1, "Borgerhenvendelser"), (2, "Klager")):
        path = tmp_path / f"synthetic-{seed}.xes.gz"
        export_xes(make_event_log(synthetic_case_events(cases=200, seed=seed)), path)
        _import_file(path, name, analyst, "okf")
    page.goto("/medarbejder/procesmining/portefolje/")
    ranking = page.get_by_role(
        "table", name="Processer rangeret efter de timer om året, en forenkling kan spare"
    )
    expect(ranking.locator("tbody tr")).to_have_count(5)
    assert_accessible(page)
    # One section per process, each a page of reasonable length (not one 7,000 px page).
    sections = page.get_by_role("navigation", name="Porteføljens afsnit").get_by_role("link")
    expect(sections).to_have_count(6)
    sections.nth(1).click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("1.")
    expect(page.get_by_role("table", name="Inden for dagens regler og budget")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight") < 3000
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Rapport om de fem største (HTML)").click()
    expect(
        page.get_by_role("heading", name="Afbureaukratisering: de fem processer med mest at vinde")
    ).to_be_visible()
    assert_accessible(page)
