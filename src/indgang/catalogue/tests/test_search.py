"""Citizens' real-looking queries find the right service, despite Danish
inflection ("sundhedskortet"), compounds ("parkeringstilladelse") and word
order ("skifte læge" for "Lægeskift")."""

from __future__ import annotations

import pytest
from django.test import Client

from indgang.catalogue import queries, services
from indgang.catalogue.demo import load_catalogue
from indgang.catalogue.models import Faq, Service
from indgang.catalogue.search import lexicon_for, split_compound, stem, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(population: object) -> None:
    load_catalogue()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("pas", "pas"),
        ("nyt pas", "pas"),
        ("rejsepas", "pas"),
        ("sundhedskortet", "sundhedskort"),
        ("flytning", "flytning"),
        ("flytte", "flytning"),
        ("jeg skal flytte", "flytning"),
        ("lægeskift", "laegeskift"),
        ("skifte læge", "laegeskift"),
        ("skift af læge", "laegeskift"),
        ("parkeringstilladelse", "beboerlicens"),
        # "parkering" alone now fits several parking services (licence, fine, tradesperson).
        ("beboerparkering", "beboerlicens"),
        ("vuggestueplads", "vuggestue"),
        ("børnepenge", "boernetilskud"),
        ("adresseændring", "flytning"),
    ],
)
def test_queries_find_the_right_service_first(catalogue: None, query: str, first: str) -> None:
    results = queries.search(query)
    assert results, query
    assert results[0].slug == first


def test_nonsense_finds_nothing(catalogue: None) -> None:
    assert queries.search("xylofon") == []
    assert queries.search("og i på") == []


def test_faq_text_is_searchable(catalogue: None) -> None:
    service = Service.objects.get(slug="skoleindskrivning")
    Faq.objects.create(service=service, question="Kan mit barn gå i en privatskole?", answer="Ja.")
    services.reindex(service)
    assert queries.search("privatskoler")[0].slug == "skoleindskrivning"


def test_danish_word_analysis() -> None:
    assert stem("sundhedskortet") == stem("sundhedskort")
    assert stem("flytning") == stem("flytte")
    lexicon = lexicon_for(["sundhed kort læge skift navn ændring"])
    assert split_compound("sundhedskort", lexicon) == [stem("sundhed"), stem("kort")]
    assert split_compound("navneændring", lexicon) == [stem("navn"), stem("ændring")]
    assert split_compound("xylofon", lexicon) == []
    assert {stem("skift"), stem("læge")} <= terms("lægeskift", lexicon)


def test_search_page_and_life_situations(catalogue: None, client: Client) -> None:
    html = client.get("/ydelser/", {"q": "skifte læge"}).content.decode()
    assert "Lægeskift" in html
    situation = client.get("/livssituationer/flytning/").content.decode()
    assert "Anmeld flytning" in situation and "Lægeskift" in situation
    page = client.get("/ydelser/laegeskift/").content.decode()
    assert "Sådan kontakter du os" in page
    assert page.index("Selvbetjening") < page.index("Telefon")


def _admin_form(service: Service, **changes: str) -> dict[str, str]:
    data = {
        "slug": service.slug,
        "name": service.name,
        "administration": service.administration_id,
        "summary": service.summary,
        "keywords": service.keywords,
    }
    for prefix in ("channels", "faqs"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def test_editor_edits_own_services_and_search_follows(catalogue: None) -> None:
    from indgang.conftest import make_staff, staff_client

    editor = make_staff("eva_kff", "kff", ["editor"], "borgerservice")
    service = Service.objects.get(slug="pas")
    client = staff_client(editor)
    response = client.post(
        f"/admin/catalogue/service/{service.pk}/change/",
        _admin_form(service, keywords="ferie grænsekontrol"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert queries.search("grænsekontrol")[0].slug == "pas"
    other = Service.objects.get(slug="beboerlicens")  # tmf's
    assert client.get(f"/admin/catalogue/service/{other.pk}/change/").status_code in (302, 403)


def test_caseworker_cannot_edit_the_catalogue(catalogue: None, caseworker_tmf: object) -> None:
    from indgang.conftest import staff_client

    caseworker_tmf.is_staff = True  # type: ignore[attr-defined]
    caseworker_tmf.save()  # type: ignore[attr-defined]
    service = Service.objects.get(slug="beboerlicens")
    response = staff_client(caseworker_tmf).get(f"/admin/catalogue/service/{service.pk}/change/")  # type: ignore[arg-type]
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("query", "first"),
    [("kørekort", "koerekort"), ("enkeltydelse", "enkeltydelse"), ("affald", "affald")],
)
def test_a_new_users_words_find_the_service(catalogue: None, query: str, first: str) -> None:
    results = [s.slug for s in queries.search(query)]
    assert first in results[:3], (query, results)
