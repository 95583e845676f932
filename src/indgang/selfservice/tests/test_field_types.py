"""File upload, repeating groups and address autocomplete: every one works
with plain POSTs (no JavaScript), and nothing typed or uploaded is lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import Client

from indgang.core.contrib.eicar.plugin import EICAR
from indgang.registers import models as register_models
from indgang.selfservice import services, uploads
from indgang.selfservice.models import DraftFile, FunnelEvent
from indgang.selfservice.tests.helpers import draft_id, start

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"

FORM = {
    "slug": "proeve",
    "title": {"da": "Prøve"},
    "steps": [
        {
            "id": "et",
            "title": {"da": "Et"},
            "fields": [
                {
                    "name": "note",
                    "type": "text",
                    "label": {"da": "Note"},
                    "required_message": {"da": "Skriv en note."},
                },
                {
                    "name": "proof",
                    "type": "file",
                    "label": {"da": "Bevis"},
                    "accept": ["pdf", "png"],
                    "max_mb": 1,
                    "required_message": {"da": "Vedhæft et bevis."},
                },
                {
                    "name": "rows",
                    "type": "group",
                    "label": {"da": "Rækker"},
                    "min": 1,
                    "max": 3,
                    "fields": [
                        {
                            "name": "what",
                            "type": "text",
                            "label": {"da": "Hvad"},
                            "required_message": {"da": "Skriv hvad."},
                        },
                        {"name": "cost", "type": "amount", "label": {"da": "Pris"}},
                    ],
                },
                {"name": "home", "type": "address", "label": {"da": "Adresse"}, "required": False},
            ],
        }
    ],
}


@pytest.fixture
def step_url(citizen_client: Client) -> str:
    services.import_definition(FORM)
    return start(citizen_client, "proeve")


def valid(**extra):
    data = {"note": "x", "rows-count": "1", "rows-0-what": "Seng", "rows-0-cost": "100"}
    return {**data, **extra}


def test_the_real_type_is_sniffed_from_the_bytes_not_the_name():
    assert uploads.sniff(PDF) == "pdf" and uploads.sniff(PNG) == "png"
    assert uploads.sniff(JPEG) == "jpeg" and uploads.sniff(HEIC) == "heic"
    assert uploads.sniff(b"MZ\x90\x00 not a pdf") is None


def test_a_file_is_kept_when_another_field_on_the_page_has_an_error(citizen_client, step_url):
    upload = SimpleUploadedFile("bevis.pdf", PDF)
    response = citizen_client.post(step_url, valid(note="", proof=upload))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Skriv en note." in page and "bevis.pdf" in page
    assert DraftFile.objects.get().content_type == "application/pdf"
    # Sending the page again without choosing the file again is enough.
    assert citizen_client.post(step_url, valid())["Location"].endswith("/tjek/")
    check = citizen_client.get(step_url.replace("/et/", "/tjek/")).content.decode()
    assert "bevis.pdf" in check


def test_a_file_of_the_wrong_type_is_refused_whatever_its_name(citizen_client, step_url):
    response = citizen_client.post(step_url, valid(proof=SimpleUploadedFile("bevis.pdf", JPEG)))
    assert response.status_code == 422
    assert "Filen bevis.pdf skal være PDF eller PNG." in response.content.decode()
    assert not DraftFile.objects.exists()
    assert FunnelEvent.objects.filter(field="proof", rule="file_type").exists()


def test_an_infected_file_is_refused_and_nothing_else_entered_is_lost(citizen_client, step_url):
    infected = SimpleUploadedFile("bevis.pdf", PDF + EICAR)
    response = citizen_client.post(
        step_url, valid(note="husk mig", **{"rows-0-what": "Sofa"}, proof=infected)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Filen bevis.pdf indeholder virus og er afvist." in page
    assert 'value="husk mig"' in page and 'value="Sofa"' in page
    assert not DraftFile.objects.exists()
    assert FunnelEvent.objects.filter(field="proof", rule="file_virus").exists()
    # The bare test file is named as a virus too, not as a wrong type.
    response = citizen_client.post(step_url, valid(proof=SimpleUploadedFile("eicar.pdf", EICAR)))
    assert "Filen eicar.pdf indeholder virus og er afvist." in response.content.decode()
    assert not DraftFile.objects.exists()


def test_a_stored_file_records_its_scan_status(citizen_client, step_url):
    citizen_client.post(step_url, valid(note="", proof=SimpleUploadedFile("a.pdf", PDF)))
    assert DraftFile.objects.get().scan_status == "clean"


def test_a_file_over_the_field_size_limit_is_refused(citizen_client, step_url):
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (1024 * 1024))
    response = citizen_client.post(step_url, valid(proof=big))
    assert "Filen stor.pdf er for stor. Den må højst fylde 1 MB." in response.content.decode()
    assert not DraftFile.objects.exists()


def test_a_required_file_field_asks_for_a_file(citizen_client, step_url):
    response = citizen_client.post(step_url, valid())
    assert "Vedhæft et bevis." in response.content.decode()


def test_a_file_can_be_removed_with_a_plain_button(citizen_client, step_url):
    citizen_client.post(step_url, valid(note="", proof=SimpleUploadedFile("a.png", PNG)))
    stored = DraftFile.objects.get()
    response = citizen_client.post(
        step_url, {"note": "kept", "_action": f"remove-file:{stored.id}"}
    )
    assert response.status_code == 302
    assert not DraftFile.objects.exists()
    assert 'value="kept"' in citizen_client.get(step_url).content.decode()


def test_rows_are_added_and_removed_without_javascript_and_nothing_typed_is_lost(
    citizen_client, step_url
):
    response = citizen_client.post(step_url, valid(note="husk", _action="add:rows"))
    assert response.status_code == 302
    page = citizen_client.get(step_url).content.decode()
    assert 'name="rows-1-what"' in page and 'value="Seng"' in page and 'value="husk"' in page
    citizen_client.post(
        step_url,
        {
            "note": "husk",
            "rows-count": "2",
            "rows-0-what": "Seng",
            "rows-1-what": "Bord",
            "_action": "remove:rows:0",
        },
    )
    page = citizen_client.get(step_url).content.decode()
    assert (
        'value="Bord"' in page and 'value="Seng"' not in page and 'name="rows-1-what"' not in page
    )


def test_each_row_is_validated_and_the_error_links_to_its_field(citizen_client, step_url):
    citizen_client.post(step_url, valid(note="", proof=SimpleUploadedFile("a.png", PNG)))
    response = citizen_client.post(
        step_url, {"note": "x", "rows-count": "2", "rows-0-what": "Seng", "rows-1-what": ""}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_rows-1-what"' in page and "Skriv hvad." in page
    assert FunnelEvent.objects.filter(field="rows", rule="required").exists()


def test_an_address_must_match_one_register_address(citizen_client, step_url):
    citizen_client.post(step_url, valid(note="", proof=SimpleUploadedFile("a.png", PNG)))
    # A street with several addresses: the street alone is then ambiguous.
    street = (
        register_models.Address.objects.values("street")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("street")
        .first()
    )
    assert street is not None
    address = register_models.Address.objects.filter(street=street["street"]).order_by("id").first()
    label = str(address)
    response = citizen_client.post(step_url, valid(home="Findesikkevej 999"))
    assert "Vi kan ikke finde Findesikkevej 999 i adresseregistret." in response.content.decode()
    response = citizen_client.post(step_url, valid(home=address.street))
    assert "passer på" in response.content.decode()
    from indgang.registers import queries

    exact = queries.address(address.id).label
    assert citizen_client.post(step_url, valid(home=exact)).status_code == 302
    draft = services.Draft.objects.get(pk=draft_id(step_url))
    assert draft.answers["home"] == address.id
    assert label


def test_address_suggestions_are_options_for_a_datalist(citizen_client, step_url):
    street = register_models.Address.objects.order_by("id").first().street
    response = Client().get("/selvbetjening/adresseforslag/", {"field": "home", "home": street[:5]})
    assert response.status_code == 200
    assert response.content.decode().count("<option") >= 1
    page = citizen_client.get(step_url).content.decode()
    assert 'list="id_home-list"' in page and '<datalist id="id_home-list">' in page


def test_a_huge_row_count_does_not_make_the_server_allocate_rows(citizen_client, step_url):
    """A posted ``rows-count`` of millions is capped at the group's max before
    anything is allocated (a probe made a web process take hundreds of MB)."""
    import tracemalloc

    tracemalloc.start()
    try:
        response = citizen_client.post(step_url, valid(**{"rows-count": "2000000"}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code in (200, 302, 422)
    assert peak < 30 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"


SIMPLE = {
    "slug": "enkel",
    "title": {"da": "Enkel"},
    "steps": [
        {
            "id": "et",
            "title": {"da": "Et"},
            "fields": [{"name": "note", "type": "text", "label": {"da": "Note"}}],
        }
    ],
}


def test_reloading_the_review_step_after_sending_shows_the_receipt(citizen_client, other_cpr):
    services.import_definition(SIMPLE)
    step_url = start(citizen_client, "enkel")
    check_url = citizen_client.post(step_url, {"note": "hej"})["Location"]
    assert check_url.endswith("/tjek/")
    receipt = citizen_client.post(check_url)["Location"]
    assert "/kvittering/" in receipt
    # The browser's reload (GET), a second click on "Send" (POST) and the back
    # button to a step all lead to the receipt, not to "Siden findes ikke".
    assert citizen_client.get(check_url)["Location"] == receipt
    assert citizen_client.post(check_url)["Location"] == receipt
    assert citizen_client.get(step_url)["Location"] == receipt
    # Another citizen who has the address finds nothing there.
    other = Client()
    other.post("/log-ind/test/", {"cpr": other_cpr, "next": "/min-side/"})
    assert other.get(check_url).status_code == 404


def test_a_text_answer_has_a_length_limit_with_a_clear_message(citizen_client, step_url):
    """A probe sent a 2.4 MB answer (7.3 s per receipt PDF); 4.000 characters is the most."""
    response = citizen_client.post(step_url, valid(note="x" * 4001))
    assert response.status_code == 422
    assert "Skriv højst 4.000 tegn (du har skrevet 4.001)." in response.content.decode()
    response = citizen_client.post(step_url, valid(note="x" * 4000, **{"rows-0-what": "y" * 4001}))
    assert response.status_code == 422
    assert "Skriv højst 4.000 tegn" in response.content.decode()


def test_a_file_field_takes_a_limited_number_of_files(citizen_client, step_url, settings):
    settings.SELFSERVICE_UPLOAD_MAX_FILES = 3
    files = [SimpleUploadedFile(f"bilag{n}.pdf", PDF) for n in range(5)]
    response = citizen_client.post(step_url, valid(proof=files))
    assert response.status_code == 422
    assert "Du kan højst vedhæfte 3 filer her." in response.content.decode()
    assert DraftFile.objects.count() == 3
    # Also over several posts.
    citizen_client.post(step_url, valid(proof=SimpleUploadedFile("en-til.pdf", PDF)))
    assert DraftFile.objects.count() == 3


def test_a_request_over_the_size_limit_gets_a_friendly_page(citizen_client, step_url, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = citizen_client.post(step_url, valid(note="x" * 200_000))
    assert response.status_code == 413
    page = response.content.decode()
    assert "Det, du sendte, fylder for meget" in page
    assert f'href="{step_url}"' in page  # back to the page, with what was saved
