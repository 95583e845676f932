"""Screenshots of the staff workspace at 1280 px, from a running demo.

    make demo                                   # in one terminal (or PORT=8014 make demo)
    .venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8000]

Logs in as each demo role, saves its home and the case workspace here, and
prints axe-core's WCAG 2.1 AA violations for every page it visits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")

import django  # noqa: E402

django.setup()

from indgang.core.browser import axe_violations, describe, launch  # noqa: E402
from indgang.demo.teams import DEMO_PASSWORD  # noqa: E402

HERE = Path(__file__).parent
ROLES = [
    ("caseworker", "sagsbehandler.tmf"),
    ("front-desk", "borgerservice"),
    ("editor", "redaktoer"),
    ("analyst", "analytiker"),
    ("administrator", "admin"),
]


def main(base: str) -> int:
    problems = 0
    running = launch()  # keep the generator: Playwright stops when it is collected
    browser = next(running)
    for role, username in ROLES:
        context = browser.new_context(
            base_url=base, viewport={"width": 1280, "height": 900}, locale="da-DK",
            bypass_csp=True,  # lets axe-core in; the page keeps its CSP
        )
        page = context.new_page()
        page.goto("/medarbejder/log-ind/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log på").click()
        page.wait_for_url("**/medarbejder/")
        shots = [(f"home-{role}.png", page.url)]
        if role == "caseworker":
            link = page.locator("table a[href^='/medarbejder/sager/K-']").first
            shots.append(("case-workspace.png", base + str(link.get_attribute("href"))))
        for name, url in shots:
            page.goto(url)
            page.screenshot(path=str(HERE / name), full_page=True)
            violations = axe_violations(page)
            problems += len(violations)
            print(f"{name}: {len(violations)} axe violations" + (
                f"\n{describe(violations)}" if violations else ""))
        context.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"))
