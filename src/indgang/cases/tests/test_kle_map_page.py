"""The KLE map staff page (administrators only) and the administrations that
come from the active municipality instead of Copenhagen constants."""

from __future__ import annotations

import pytest
from django.test import Client

from indgang.cases.permissions import is_triage_staff
from indgang.cases.routing import kle_routing, router
from indgang.conftest import make_staff, staff_client
from indgang.core import municipality
from indgang.core.models import KleMapping

pytestmark = pytest.mark.django_db

PAGE = "/medarbejder/kle-kort/"


@pytest.fixture
def administrator(population):
    return make_staff("ada_okf", "okf", ["administrator"], None)


def test_an_administrator_sees_the_map_with_titles_and_names(routing, administrator):
    response = staff_client(administrator).get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "København" in page and "29.03" in page and "Kultur- og Fritidsforvaltningen" in page
    # Titles, not bare numbers: the group 29.03 is titled by 29.03.00.
    assert municipality.entry_title("29.03") in page


def test_an_administrator_adds_changes_and_removes_an_entry_and_routing_follows(
    routing, administrator
):
    client = staff_client(administrator)
    text = "Der ligger en død måge på stien i parken"
    before = router.route(text)
    assert before.kle and before.kle.startswith("04.01")
    response = client.post(
        PAGE, {"action": "save", "kle": "04.01", "administration": "kff", "team": ""}
    )
    assert response.status_code == 302
    entry = KleMapping.objects.get(municipality_id="101", kle="04.01")
    assert (entry.administration_id, entry.team) == ("kff", None)
    # Routing reads the changed map at once: the KLE evidence now points to kff.
    evidence = kle_routing.evidence([text], municipality.current_map())[0]
    assert max(evidence.share, key=evidence.share.get) == "kff"
    client.post(
        PAGE,
        {"action": "save", "kle": "04.01", "administration": "tmf", "team": "tmf/veje"},
    )
    entry.refresh_from_db()
    assert (entry.administration_id, entry.team.slug) == ("tmf", "veje")
    client.post(PAGE, {"action": "remove", "kle": "04.01"})
    assert not KleMapping.objects.filter(municipality_id="101", kle="04.01").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kle": "99.99.99", "administration": "tmf", "team": ""}, "kle"),
        ({"kle": "27.36", "administration": "tmf", "team": "suf/hjemmepleje"}, "team"),
        ({"kle": "27.36", "administration": "xyz", "team": ""}, "administration"),
    ],
)
def test_a_bad_entry_is_refused_with_the_reason(routing, administrator, data, field):
    municipality.ensure_default()
    before = KleMapping.objects.count()
    response = staff_client(administrator).post(PAGE, {"action": "save", **data})
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert KleMapping.objects.count() == before


def test_caseworkers_analysts_and_anonymous_visitors_are_refused(
    routing, caseworker_tmf, analyst, front_desk_kff
):
    municipality.ensure_default()
    for user in (caseworker_tmf, analyst, front_desk_kff):
        client = staff_client(user)
        assert client.get(PAGE).status_code == 403
        posted = client.post(PAGE, {"action": "remove", "kle": "29.03"})
        assert posted.status_code == 403
    assert KleMapping.objects.filter(municipality_id="101", kle="29.03").exists()
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "log-ind" in anonymous["Location"]


def test_triage_staff_and_administration_codes_follow_the_active_municipality(
    routing, front_desk_kff
):
    assert municipality.triage_administration() == "kff"
    assert is_triage_staff(front_desk_kff)
    assert "tmf" in municipality.administration_codes()
    files = municipality.shipped_files()
    municipality.load(files["999"], activate=True)
    # The example municipality's triage is Borger og Arbejdsmarked (bba).
    assert municipality.triage_administration() == "bba"
    assert not is_triage_staff(front_desk_kff)
    bba = make_staff("bo_bba", "bba", ["front_desk"], "borgerservice")
    assert is_triage_staff(bba)
    assert municipality.administration_codes() == {"bba", "vel", "tek"}
