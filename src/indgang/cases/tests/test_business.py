"""A citizen acting for a business: the case records the CVR number, staff
see the business's name, and re-contacts link by CVR."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from indgang.cases import services
from indgang.cases.models import Case
from indgang.conftest import staff_client
from indgang.registers.models import Business

pytestmark = pytest.mark.django_db

WASTE = "Vores erhvervsaffald er ikke blevet hentet i to uger, containeren flyder over"


@pytest.fixture
def business(population):
    return Business.objects.filter(owners__isnull=False).order_by("cvr").first()


def test_a_citizen_acting_for_a_business_files_a_case_under_its_cvr(
    routing, business, caseworker_tmf
):
    owner = business.owners.order_by("cpr").first()
    client = Client()
    response = client.post("/log-ind/test/", {"cpr": owner.cpr, "cvr": business.cvr, "next": "/"})
    assert response.status_code == 302
    assert business.name in client.get("/kontakt/skriv/").content.decode()
    assert client.post("/kontakt/skriv/", {"text": WASTE}).status_code == 302
    case = Case.objects.get()
    assert (case.cvr, case.cpr, case.administration_id) == (business.cvr, owner.cpr, "tmf")
    page = staff_client(caseworker_tmf).get(f"/medarbejder/sager/{case.reference}/")
    assert f"{business.name} (CVR {business.cvr})" in page.content.decode()


def test_re_contacts_of_a_business_link_by_cvr_whoever_writes(routing, business, population):
    first_person, second_person = (p.cpr for p in population.persons[:2])
    first = services.create_case(cpr=first_person, cvr=business.cvr, text=WASTE)
    second = services.create_case(cpr=second_person, cvr=business.cvr, text=WASTE)
    assert second.earlier_case == first
    own = services.create_case(cpr=first_person, text=WASTE)
    assert own.earlier_case is None  # the person's own matter is not the business's


def test_an_invalid_cvr_number_is_refused(routing, parent_cpr):
    with pytest.raises(ValidationError, match=r"ikke et gyldigt CVR-nummer|not a valid CVR"):
        services.create_case(cpr=parent_cpr, cvr="12345678", text=WASTE)
    assert not Case.objects.exists()
