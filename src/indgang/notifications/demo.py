"""Demo contact details: the test-login personas get a synthetic mobile number
(and some an e-mail address), so notifications to them land in the outbox."""

from __future__ import annotations

from indgang.notifications import queries
from indgang.notifications.services import set_contact_details
from indgang.registers import queries as registers


def load_contact_details() -> int:
    """Give each persona without contact details some; returns how many were added."""
    added = 0
    for number, (_label, person) in enumerate(registers.demo_personas()):
        if queries.contact_details(person.cpr) is not None:
            continue
        set_contact_details(
            cpr=person.cpr,
            # 20 12 34 xx: valid Danish mobile numbers, made up for the demo.
            phone=f"201234{number:02d}",
            email=f"borger{number}@example.dk" if number % 2 else "",
            language="en" if number % 5 == 4 else "da",
        )
        added += 1
    return added
