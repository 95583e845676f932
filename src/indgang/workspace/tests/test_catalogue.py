import pytest
from django.test import Client

from indgang.catalogue.demo import load_catalogue
from indgang.catalogue.models import Service
from indgang.catalogue.services import EDITABLE_FIELDS
from indgang.conftest import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(population):
    load_catalogue()
    return Service.objects.filter(administration_id="kff").order_by("slug").first()


def data(entry, **changes):
    values = {name: getattr(entry, name) for name in EDITABLE_FIELDS}
    values |= {
        "kanal-TOTAL_FORMS": "3",
        "kanal-INITIAL_FORMS": "0",
        "kanal-0-channel": "selfservice",
        "kanal-0-reason": "volume",
        "kanal-1-channel": "phone",
        "kanal-1-reason": "target_group",
        "kanal-1-note": "For borgere uden MitID",
        "kanal-2-channel": "",
        "kanal-2-reason": "volume",
    }
    values.update(changes)
    return values


def test_the_editor_changes_texts_and_channel_priority_and_citizens_see_it(entry, editor_kff):
    client = staff_client(editor_kff)
    url = f"/medarbejder/ydelser/{entry.slug}/"
    assert client.get("/medarbejder/ydelser/").content.decode().count(url) == 1
    response = client.post(url, data(entry, fees="Gratis for alle under 18 år"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.fees == "Gratis for alle under 18 år"
    assert [(c.rank, c.channel) for c in entry.channels.all()] == [(1, "selfservice"), (2, "phone")]
    assert "Gratis for alle under 18 år" in Client().get(f"/ydelser/{entry.slug}/").content.decode()
    assert "Eva Testesen" in client.get(url).content.decode()  # change history


def test_a_channel_listed_twice_and_an_empty_description_are_refused(entry, editor_kff):
    url = f"/medarbejder/ydelser/{entry.slug}/"
    response = staff_client(editor_kff).post(
        url, data(entry, summary="", **{"kanal-1-channel": "selfservice"})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hver kanal kan kun stå én gang." in html
    entry.refresh_from_db()
    assert entry.summary


def test_editors_of_another_administration_and_other_roles_are_refused(
    entry, editor_tmf, caseworker_tmf, citizen_client
):
    url = f"/medarbejder/ydelser/{entry.slug}/"
    for user in (editor_tmf, caseworker_tmf):
        assert staff_client(user).get(url).status_code == 403
        assert staff_client(user).post(url, data(entry, fees="x")).status_code == 403
    for client in (Client(), citizen_client):
        assert client.get(url).status_code == 302
    entry.refresh_from_db()
    assert entry.fees != "x"


def test_the_editor_writes_the_english_text_and_english_readers_see_it(entry, editor_kff):
    url = f"/medarbejder/ydelser/{entry.slug}/"
    client = staff_client(editor_kff)
    form = client.get(url).content.decode()
    assert "Navn på engelsk" in form and "Hvem kan få det" in form
    response = client.post(
        url, data(entry, summary_en="Order a new card online; it arrives within two weeks.")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary_en == "Order a new card online; it arrives within two weeks."
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get(f"/ydelser/{entry.slug}/").content.decode()
    assert "Order a new card online; it arrives within two weeks." in page
