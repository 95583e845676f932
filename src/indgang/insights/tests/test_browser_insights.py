"""An analyst compares two periods for lægeskift, exports a table and checks
the business case, in a real browser; zero axe-core violations on each page."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from indgang.catalogue.demo import load_catalogue
from indgang.conftest import PASSWORD, make_staff
from indgang.contacts.models import Contact
from indgang.core.browser import assert_accessible
from indgang.insights import rollup

pytestmark = pytest.mark.browser


def add(n: int, when: datetime, channel: str, reason: str = "") -> None:
    for _ in range(n):
        Contact.objects.create(
            channel=channel,
            service="laegeskift",
            administration_id="kff",
            started_at=when,
            duration_s=480 if channel == "phone" else None,
            reason=reason,
        )


@pytest.fixture
def register(live_population: Any) -> None:
    # Import the URLconf (and scikit-learn behind case routing) before the
    # first page load, so a busy machine does not time out the first goto.
    import indgang.urls  # noqa: F401

    load_catalogue()
    add(6, datetime(2026, 1, 12, 9, tzinfo=UTC), "phone")
    add(2, datetime(2026, 1, 12, 9, tzinfo=UTC), "selfservice")
    add(3, datetime(2026, 3, 9, 9, tzinfo=UTC), "phone", reason="chasing")
    add(5, datetime(2026, 3, 9, 9, tzinfo=UTC), "selfservice", reason="new_matter")
    rollup.rebuild(date(2026, 1, 1), date(2026, 3, 31))
    make_staff("otto_okf", "okf", ["analyst"], None)


def log_in(page: Any) -> None:
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("otto_okf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()


def compare(page: Any, baseline: tuple[str, str], current: tuple[str, str]) -> None:
    page.get_by_label("Basisperiode fra").fill(baseline[0])
    page.get_by_label("Basisperiode til").fill(baseline[1])
    page.get_by_label("Aktuel periode fra").fill(current[0])
    page.get_by_label("Aktuel periode til").fill(current[1])
    page.get_by_role("button", name="Vis tal").click()


def test_an_analyst_compares_periods_exports_and_checks_the_business_case(
    page: Any, register: None, tmp_path: Path
) -> None:
    log_in(page)
    page.get_by_role("link", name="Dashboards for kanalindsigt").click()
    page.wait_for_selector("h1:has-text('Kanalindsigt: hele kommunen')")
    assert_accessible(page)

    page.get_by_role("link", name="Lægeskift", exact=True).click()
    page.wait_for_selector("h1:has-text('Kanalindsigt: Lægeskift')")
    compare(page, ("2026-01-01", "2026-01-31"), ("2026-03-01", "2026-03-31"))
    page.wait_for_url("**current_start=2026-03-01**")
    contacts = page.locator("#table-contacts")
    assert contacts.locator("tr.insights-total td").all_inner_texts() == ["8", "8", "±0"]
    take_up = page.locator("#table-digital_takeup tr.insights-total td").all_inner_texts()
    assert take_up[:2] == ["25,0 %", "62,5 %"]
    # January has no recorded reasons ("–"); in March 3 of 8 chased progress.
    avoidable = page.locator("#table-avoidable_contacts tr.insights-total td").all_inner_texts()
    assert avoidable[:2] == ["–", "37,5 %"]
    assert (
        "har 8 af 8 henvendelser (100,0 %) en registreret årsag"
        in page.get_by_test_id("metric-avoidable_contacts").inner_text()
    )
    page.wait_for_selector("[data-testid=metric-contacts] .insights-chart--drawn canvas")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som CSV: Henvendelser pr. kanal").click()
    saved = tmp_path / "contacts.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0][4:] == ["Basis 01.01.2026–31.01.2026", "Aktuel 01.03.2026–31.03.2026"]
    figures = {row[2]: row[4:] for row in rows[1:]}
    assert figures == {"": ["8", "8"], "phone": ["6", "3"], "selfservice": ["2", "5"]}

    # An error state: the current period ends before it starts.
    compare(page, ("2026-01-01", "2026-01-31"), ("2026-03-31", "2026-03-01"))
    page.wait_for_selector("#error-summary")
    assert "skal være samme dag som eller efter starten" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Business case-beregner").click()
    page.get_by_label("Opkald om året").fill("19460")
    page.get_by_label("Minutter pr. opkald").fill("8")
    page.get_by_label("Forventet fald i opkald (%)").fill("30")
    page.get_by_role("button", name="Beregn").click()
    page.wait_for_selector("[data-testid=hours]")
    assert page.get_by_test_id("hours").inner_text() == "778,4"
    assert "46.704 min ÷ 60 = 778,4 timer" in page.get_by_test_id("working").inner_text()
    assert_accessible(page)

    page.get_by_label("Minutter pr. opkald").fill("otte")
    page.get_by_role("button", name="Beregn").click()
    page.wait_for_selector("#error-summary")
    assert page.get_by_label("Opkald om året").input_value() == "19460"
    assert_accessible(page)


def test_the_charts_draw_under_the_content_security_policy(
    browser: Any, live_server: Any, register: None
) -> None:
    # The shared page fixture bypasses the CSP to inject axe-core; this one does not.
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page)
    page.goto(
        "/medarbejder/indsigt/tjenester/laegeskift/?baseline_start=2026-01-01"
        "&baseline_end=2026-01-31&current_start=2026-03-01&current_end=2026-03-31"
    )
    page.wait_for_selector("[data-testid=metric-contacts] .insights-chart--drawn canvas")
    assert violations == []
    context.close()


def test_a_citizen_answers_the_survey_about_a_closed_case(page: Any, live_population: Any) -> None:
    import indgang.urls  # noqa: F401  (see the register fixture)
    from indgang.cases import services as cases
    from indgang.cases.constants import CaseState
    from indgang.cases.models import Case
    from indgang.core.pseudonym import citizen_key

    cpr = live_population.persons[0].cpr
    case = Case.objects.create(
        reference="K-2026-BROWSER",
        citizen_key=citizen_key(cpr),
        cpr=cpr,
        text="Jeg vil skifte læge.",
        channel="contact_form",
        administration_id="kff",
        state=CaseState.RESOLVED,
    )
    cases.transition(case, CaseState.CLOSED, actor=None)

    page.goto("/log-ind/test/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(cpr)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/min-side/")
    # Min side names the survey after its matter.
    page.get_by_role("link", name=re.compile(r"^Hvordan gik det med “.+”\?$")).click()
    page.wait_for_selector("h1:has-text('En kort undersøgelse')")
    assert_accessible(page)

    # Sent without a satisfaction score: an accessible error, the rest kept.
    page.get_by_label("Nej").check()
    page.get_by_label("Er der andet, du vil fortælle os?").fill("Jeg ventede længe.")
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_selector("#error-summary")
    assert page.get_by_label("Er der andet, du vil fortælle os?").input_value() == (
        "Jeg ventede længe."
    )
    assert page.get_by_label("Nej").is_checked()
    assert_accessible(page)

    page.get_by_label("2 – Utilfreds").check()
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_selector("h1:has-text('Tak for dit svar')")
    expect(page.get_by_test_id("reopened")).to_be_visible()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS
