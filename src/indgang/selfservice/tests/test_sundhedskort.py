"""Sundhedskort: a new card with the fee from configuration, delivered safely."""

import pytest
from django.test import Client

from indgang.registers import models as register_models
from indgang.selfservice import queries
from indgang.selfservice.models import HealthCardOrder
from indgang.selfservice.tasks import process_submission
from indgang.selfservice.tests.helpers import start

pytestmark = pytest.mark.django_db


def order(client: Client, reason: str) -> tuple[str, str]:
    first = start(client, "sundhedskort")
    client.post(first, {"reason": reason})
    levering = first.replace("/aarsag/", "/levering/")
    page = client.get(levering).content.decode()
    response = client.post(levering, {})
    assert response.status_code == 422  # the confirmation box is required
    client.post(levering, {"confirm": "on"})
    check = first.replace("/aarsag/", "/tjek/")
    page = client.get(check).content.decode()
    receipt = client.post(check)["Location"]
    return page, receipt


def test_a_lost_card_costs_the_configured_fee_and_is_posted_home(
    definitions, citizen_client, parent_cpr, settings
):
    settings.SELFSERVICE_HEALTH_CARD_FEES = {"lost": 210}
    page, receipt = order(citizen_client, "lost")
    assert "Det koster 210 kr." in page
    assert register_models.Person.objects.get(cpr=parent_cpr).address.street in page
    submission = queries.submissions(parent_cpr).get()
    process_submission.call(str(submission.pk))
    card = HealthCardOrder.objects.get(cpr=parent_cpr)
    assert card.reason == "lost" and not card.deliver_via_municipality
    assert "midlertidigt bevis" in citizen_client.get(receipt).content.decode()


def test_a_name_change_is_free_and_a_protected_address_is_never_printed(definitions, parent_cpr):
    register_models.Person.objects.filter(cpr=parent_cpr).update(name_address_protected=True)
    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "next": "/"})
    page, _receipt = order(client, "name_change")
    assert "Det er gratis." in page
    assert "du henter det i Borgerservice" in page
    street = register_models.Person.objects.get(cpr=parent_cpr).address.street
    assert street not in page
    submission = queries.submissions(parent_cpr).get()
    process_submission.call(str(submission.pk))
    assert HealthCardOrder.objects.get(cpr=parent_cpr).deliver_via_municipality


def test_the_receipt_is_an_accessible_pdf_for_its_owner_only(
    definitions, citizen_client, parent_cpr, other_cpr
):
    from indgang.selfservice import pdf, views

    _page, receipt = order(citizen_client, "lost")
    response = citizen_client.get(f"{receipt}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    other = Client()
    other.post("/log-ind/test/", {"cpr": other_cpr, "next": "/"})
    assert other.get(f"{receipt}pdf/").status_code == 404

    # Uncompressed, the PDF/UA markers are readable: tagged, language, title.
    request = type("R", (), {"citizen": type("C", (), {"cpr": parent_cpr})()})()
    context = views._receipt_context(request, receipt.rstrip("/").rsplit("/", 1)[-1])
    body = pdf.render_pdf("selfservice/receipt_pdf.html", context, compress=False)
    for marker in (b"pdfuaid:part", b"/StructTreeRoot", b"/Lang (da)", b"/MarkInfo", b"/H1"):
        assert marker in body, marker


def test_a_name_change_is_checked_against_the_person_register(
    definitions, citizen_client, parent_cpr
):
    """The first card ordered here records the name; "Jeg har skiftet navn" is
    refused while the register still has that name, and accepted once it changes."""
    _page, _receipt = order(citizen_client, "lost")
    process_submission.call(str(queries.submissions(parent_cpr).get().pk))
    person = register_models.Person.objects.get(cpr=parent_cpr)
    assert HealthCardOrder.objects.get(cpr=parent_cpr).name_on_card.endswith(person.last_name)

    first = start(citizen_client, "sundhedskort")
    response = citizen_client.post(first, {"reason": "name_change"})
    assert response.status_code == 422
    assert "Folkeregistret (CPR) har samme navn som på dit seneste sundhedskort" in (
        response.content.decode()
    )
    register_models.Person.objects.filter(cpr=parent_cpr).update(last_name="Nygaard")
    response = citizen_client.post(first, {"reason": "name_change"})
    assert response["Location"].endswith("/levering/")
