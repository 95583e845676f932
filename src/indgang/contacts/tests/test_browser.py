"""The front desk registers an in-person contact for lægeskift in three clicks
(log in, open the page, click the service), in a real browser, axe-clean."""

from __future__ import annotations

from typing import Any

import pytest

from indgang.contacts.constants import Channel
from indgang.contacts.models import Contact
from indgang.core.browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_front_desk_registers_laegeskift_in_three_clicks(
    page: Any, live_population: Any
) -> None:
    from indgang.catalogue.demo import load_catalogue
    from indgang.conftest import PASSWORD, make_staff

    page.set_default_timeout(60_000)  # the first request imports every view
    load_catalogue()
    make_staff("frida_kff", "kff", ["front_desk"], "borgerservice")
    page.goto("/medarbejder/log-ind/")
    page.get_by_label("Brugernavn").fill("frida_kff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()  # click 1
    page.wait_for_url("**/medarbejder/")
    page.get_by_role("link", name="Registrer en henvendelse").click()  # click 2
    page.wait_for_url("**/medarbejder/henvendelser/")
    assert_accessible(page)
    page.get_by_role("button", name="Lægeskift", exact=True).click()  # click 3
    page.get_by_role("status").filter(has_text="Registreret: Lægeskift").wait_for()
    contact = Contact.objects.get()
    assert (contact.service, contact.channel) == ("laegeskift", Channel.IN_PERSON)
    assert_accessible(page)

    # The keyboard alone undoes it.
    page.get_by_role("button", name="Fortryd den seneste registrering").focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Den seneste registrering er fortrudt").wait_for()
    assert not Contact.objects.exists()

    # The "more" form's error state, opened and sent by keyboard.
    page.get_by_text("Mere: udfald, årsag, varighed, borger").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Borgerens CPR-nummer").fill("12345")
    page.get_by_label("Borgerens CPR-nummer").press("Enter")
    page.get_by_role("alert").wait_for()
    assert page.get_by_label("Borgerens CPR-nummer").input_value() == "12345"
    assert_accessible(page)
