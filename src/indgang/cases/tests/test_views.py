import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indgang.cases import services
from indgang.cases.constants import CaseState
from indgang.cases.models import Case, SelfServiceOffer, Topic
from indgang.catalogue import services as catalogue_services
from indgang.catalogue.models import Service
from indgang.conftest import staff_client
from indgang.core.contrib.eicar.plugin import EICAR
from indgang.core.models import AuditEntry, Team
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n" + b"0" * 64
WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"
ACTIONS = [
    ("status", {"state": "in_progress"}),
    ("tildel", {"me": "1"}),
    ("notat", {"text": "Ringet op"}),
    ("overfoer", {"team": "0"}),
    ("genkontakt", {"decision": "confirm"}),
    ("fordel", {"triage-team": "0"}),
]


@pytest.fixture
def case(routing, parent_cpr):
    return services.create_case(cpr=parent_cpr, text=WASTE, citizen_name="Testborger")


def test_the_owning_caseworker_sees_the_case_and_the_read_is_audited(
    case, caseworker_tmf, parent_cpr
):
    response = staff_client(caseworker_tmf).get(f"/medarbejder/sager/{case.reference}/")
    assert response.status_code == 200
    assert WASTE in response.content.decode()
    assert AuditEntry.objects.filter(
        actor=caseworker_tmf, citizen_key=citizen_key(parent_cpr), action="view"
    ).exists()


@pytest.mark.parametrize("path", ["", *[a for a, _ in ACTIONS]])
def test_a_caseworker_of_another_administration_is_refused(case, caseworker_sof, path):
    url = f"/medarbejder/sager/{case.reference}/" + (f"{path}/" if path else "")
    client = staff_client(caseworker_sof)
    response = client.post(url, dict(ACTIONS).get(path, {})) if path else client.get(url)
    assert response.status_code == 403
    assert AuditEntry.objects.filter(actor=caseworker_sof, action="refused").exists()
    case.refresh_from_db()
    assert case.state == CaseState.ROUTED and case.assignee is None


@pytest.mark.parametrize("url", ["/medarbejder/sager/", "/medarbejder/sager/triage/"])
def test_staff_without_a_citizen_facing_role_are_refused(routing, analyst, url):
    assert staff_client(analyst).get(url).status_code == 403


@pytest.mark.parametrize(
    "url", ["/medarbejder/sager/", "/medarbejder/sager/triage/", "/medarbejder/sager/K-1/"]
)
def test_anonymous_visitors_are_sent_to_the_staff_login(routing, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_only_triage_staff_see_the_triage_queue(
    routing, caseworker_tmf, front_desk_kff, parent_cpr
):
    unclear = services.create_case(cpr=parent_cpr, text="Jeg har et spørgsmål")
    assert staff_client(caseworker_tmf).get("/medarbejder/sager/triage/").status_code == 403
    response = staff_client(front_desk_kff).get("/medarbejder/sager/triage/")
    assert response.status_code == 200 and unclear.reference in response.content.decode()


def test_triage_routes_a_case_from_the_page(routing, front_desk_kff, caseworker_tmf, parent_cpr):
    unclear = services.create_case(cpr=parent_cpr, text="Jeg har et spørgsmål")
    assert (
        staff_client(caseworker_tmf).get(f"/medarbejder/sager/{unclear.reference}/").status_code
        == 403
    )
    team = Team.objects.get(administration_id="tmf", slug="veje")
    response = staff_client(front_desk_kff).post(
        f"/medarbejder/sager/{unclear.reference}/fordel/", {"triage-team": team.pk}
    )
    assert response.status_code == 302
    unclear.refresh_from_db()
    assert unclear.team == team
    assert (
        staff_client(caseworker_tmf).get(f"/medarbejder/sager/{unclear.reference}/").status_code
        == 200
    )


def test_the_caseworker_handles_a_case_through_the_pages(case, caseworker_tmf):
    client = staff_client(caseworker_tmf)
    base = f"/medarbejder/sager/{case.reference}/"
    assert client.post(base + "tildel/", {"me": "1"}).status_code == 302
    assert client.post(base + "status/", {"state": "in_progress"}).status_code == 302
    assert client.post(base + "notat/", {"text": "Ringet til borgeren"}).status_code == 302
    response = client.post(base + "status/", {"state": "closed"})
    assert response.status_code == 400  # not offered from "in progress"
    case.refresh_from_db()
    assert (case.state, case.assignee) == (CaseState.IN_PROGRESS, caseworker_tmf)
    assert case.notes.get().text == "Ringet til borgeren"
    queue = client.get("/medarbejder/sager/?vis=mine").content.decode()
    assert case.reference in queue


def test_an_empty_note_gets_a_clear_error(case, caseworker_tmf):
    response = staff_client(caseworker_tmf).post(
        f"/medarbejder/sager/{case.reference}/notat/", {"text": ""}
    )
    assert response.status_code == 400
    assert "Skriv notatet" in response.content.decode()


def test_a_transfer_from_the_page_moves_the_case_out_of_reach(case, caseworker_tmf):
    team = Team.objects.get(administration_id="suf", slug="hjemmepleje")
    client = staff_client(caseworker_tmf)
    response = client.post(f"/medarbejder/sager/{case.reference}/overfoer/", {"team": team.pk})
    assert response.status_code == 302 and response["Location"] == "/medarbejder/sager/"
    assert client.get(f"/medarbejder/sager/{case.reference}/").status_code == 403


# The secure contact form ---------------------------------------------------------


def test_a_citizen_writes_and_a_routed_case_is_created(routing, citizen_client, parent_cpr):
    response = citizen_client.post(
        "/kontakt/skriv/", {"text": "Der er rotter i gården bag vores opgang", "topic": ""}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.administration_id, case.cpr, case.channel) == ("tmf", parent_cpr, "contact_form")
    page = citizen_client.get(response["Location"]).content.decode()
    assert case.reference in page


def test_a_citizen_who_picks_a_topic_lands_with_that_topics_team(routing, citizen_client):
    topic = Topic.objects.get(slug="veje")
    response = citizen_client.post(
        "/kontakt/skriv/", {"text": "Hvornår bliver vores vej ryddet for sne?", "topic": "veje"}
    )
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get()
    assert (case.topic, case.team, case.routed_by) == (topic, topic.team, "topic")


def test_files_sent_with_the_contact_form_reach_the_caseworker_with_the_inquiry(
    routing, citizen_client, caseworker_tmf
):
    response = citizen_client.post(
        "/kontakt/skriv/",
        {
            "text": "Der er rotter i gården bag vores opgang, se billedet",
            "topic": "",
            "attachments": SimpleUploadedFile("rotter.pdf", PDF),
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    page = staff_client(caseworker_tmf).get(f"/medarbejder/sager/{case.reference}/")
    assert "rotter.pdf" in page.content.decode()


def test_an_infected_file_on_the_contact_form_is_refused_and_the_text_kept(routing, citizen_client):
    response = citizen_client.post(
        "/kontakt/skriv/",
        {
            "text": "Der er rotter i gården bag vores opgang",
            "topic": "",
            "attachments": SimpleUploadedFile("rotter.pdf", EICAR),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "rotter.pdf indeholder en virus" in page
    assert "Der er rotter i gården bag vores opgang" in page
    assert not Case.objects.exists()


def test_without_login_the_contact_form_is_the_general_question_variant(routing):
    # The secure form needs MitID; see test_anonymous.py for the variant.
    page = Client().get("/kontakt/skriv/").content.decode()
    assert 'name="topic"' not in page and "/log-ind/?next=/kontakt/skriv/" in page


def test_an_empty_message_is_refused_with_a_clear_error(routing, citizen_client):
    response = citizen_client.post("/kontakt/skriv/", {"text": ""})
    assert response.status_code == 200
    assert "Skriv din besked" in response.content.decode()
    assert not Case.objects.exists()


@pytest.fixture
def laegeskift_service(routing):
    service, _ = Service.objects.update_or_create(
        slug="laegeskift",
        defaults={
            "name": "Skift læge",
            "administration_id": "kff",
            "summary": "Skift din læge",
            "selfservice_url": "/selvbetjening/laegeskift/",
            "keywords": "læge lægeskift",
        },
    )
    return catalogue_services.reindex(service)


def test_a_matching_self_service_is_offered_first_and_taking_it_is_recorded(
    citizen_client, laegeskift_service
):
    text = "Jeg vil gerne skifte læge"
    response = citizen_client.post("/kontakt/skriv/", {"text": text})
    assert response.status_code == 200
    assert "Du kan klare det selv her" in response.content.decode()
    assert not Case.objects.exists()
    response = citizen_client.post("/kontakt/skriv/selvbetjening/", {"service": "laegeskift"})
    assert response["Location"] == "/selvbetjening/laegeskift/"
    assert SelfServiceOffer.objects.get().taken is True


def test_declining_the_offer_sends_the_message_and_records_it(citizen_client, laegeskift_service):
    response = citizen_client.post(
        "/kontakt/skriv/", {"text": "Jeg vil gerne skifte læge", "declined": "laegeskift"}
    )
    assert response.status_code == 302
    offer = SelfServiceOffer.objects.get()
    assert offer.taken is False and offer.case == Case.objects.get()


def test_optional_fields_on_the_contact_form_say_so_once(routing, citizen_client):
    html = citizen_client.get("/kontakt/skriv/").content.decode()
    assert "(valgfrit)" in html
    assert "(valgfrit) (valgfrit)" not in re.sub(r"<[^>]+>", "", html)
