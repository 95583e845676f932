"""Min side as the citizen uses it: matters, drafts, receipts, bookings,
acting for a child or a business, and the contact form's confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indgang.appointments.constants import BookingStatus
from indgang.appointments.tests.factories import BookingFactory
from indgang.cases import queries as case_queries
from indgang.cases import services as cases
from indgang.cases.constants import CaseState
from indgang.cases.models import Case, Topic
from indgang.cases.routing import router
from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.identity import services as identity
from indgang.registers import queries as registers
from indgang.selfservice import assisted
from indgang.selfservice import services as selfservice

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(population: Any) -> None:
    if not Topic.objects.exists():
        router.load_reference_data()


def contact_case(cpr: str, text: str = "Hvornår tømmes affaldet i vores gård?", **kw: Any) -> Case:
    return cases.create_case(
        cpr=cpr, text=text, subject="Affald i gården", topic_slug="affald", **kw
    )


def test_a_contact_form_case_shows_its_plain_status_and_promised_date(
    topics, citizen_client, parent_cpr
):
    case = contact_case(parent_cpr)
    page = citizen_client.get("/min-side/").content.decode()
    assert case.reference in page
    assert "Modtaget" in page
    assert f"{case.deadline.day}. " in page and "Vi svarer senest" in page


@pytest.mark.parametrize(
    ("states", "label"),
    [
        ([CaseState.IN_PROGRESS], "Under behandling"),
        ([CaseState.IN_PROGRESS, CaseState.AWAITING_CITIZEN], "Venter på dig"),
        ([CaseState.RESOLVED], "Afsluttet"),
    ],
)
def test_every_case_state_reads_in_plain_danish(topics, citizen_client, parent_cpr, states, label):
    case = contact_case(parent_cpr)
    for state in states:
        cases.transition(case, state, actor=None)
    page = citizen_client.get(f"/min-side/sager/{case.reference}/").content.decode()
    assert label in page
    assert "Status: " + label in page  # the timeline says when it changed


def test_waiting_for_the_citizen_moves_the_promised_date_honestly(
    topics, citizen_client, parent_cpr
):
    case = contact_case(parent_cpr)
    cases.transition(case, CaseState.IN_PROGRESS, actor=None)
    cases.transition(case, CaseState.AWAITING_CITIZEN, actor=None)
    # The citizen has kept us waiting for ten days.
    Case.objects.filter(pk=case.pk).update(paused_since=timezone.now() - dt.timedelta(days=10))
    case.refresh_from_db()
    promised = case_queries.promised_answer(case)
    assert promised is not None and case.deadline is not None and promised > case.deadline
    page = citizen_client.get(f"/min-side/sager/{case.reference}/").content.decode()
    assert "Vi venter på dig siden" in page
    assert f"{promised.day}. " in page


def test_the_timeline_leaves_internal_steps_out(topics, citizen_client, parent_cpr, caseworker_tmf):
    case = contact_case(parent_cpr)
    cases.add_note(case, "Intern bemærkning om borgeren", actor=caseworker_tmf)
    page = citizen_client.get(f"/min-side/sager/{case.reference}/").content.decode()
    assert "Vi modtog din henvendelse" in page
    assert "Teknik- og Miljøforvaltningen" in page
    assert "Intern bemærkning" not in page


def test_another_citizens_case_is_not_found(topics, citizen_client, other_cpr):
    case = contact_case(other_cpr)
    assert citizen_client.get(f"/min-side/sager/{case.reference}/").status_code == 404
    assert case.reference not in citizen_client.get("/min-side/").content.decode()


def test_the_contact_form_confirmation_gives_number_date_and_thread(
    topics, citizen_client, parent_cpr
):
    response = citizen_client.post(
        "/kontakt/skriv/", {"text": "Hvornår tømmes affaldet?", "topic": "affald"}
    )
    page = citizen_client.get(response["Location"]).content.decode()
    case = Case.objects.get(cpr=parent_cpr)
    assert case.reference in page
    assert "Du kan forvente et svar senest" in page
    assert f"/min-side/sager/{case.reference}/beskeder/" in page
    thread = citizen_client.get(f"/min-side/sager/{case.reference}/beskeder/")
    assert thread.status_code == 302 and thread["Location"].startswith("/beskeder/")
    assert citizen_client.get(thread["Location"]).status_code == 200


def test_a_draft_started_at_the_counter_says_where_and_when_it_expires(
    citizen_client, parent_cpr, front_desk_kff
):
    selfservice.import_built_in_definitions()
    identity.set_workplace(front_desk_kff.username, "Borgerservice Nørrebro")
    consent = assisted.record_consent(
        actor=front_desk_kff, cpr=parent_cpr, service="laegeskift", place="counter", valid_days=1
    )
    draft = assisted.start(actor=front_desk_kff, consent=consent)
    page = citizen_client.get("/min-side/").content.decode()
    today = timezone.localdate()
    assert f"Borgerservice Nørrebro startede den med dig {today.day}." in page
    assert f"/selvbetjening/kladde/{draft.pk}/" in page
    assert f"Slettes {timezone.localtime(draft.expires_at).day}." in page


def test_a_submission_links_its_html_and_pdf_receipts(citizen_client, laegeskift_draft):
    submission = selfservice.submit(laegeskift_draft)
    page = citizen_client.get("/min-side/").content.decode()
    assert f"/selvbetjening/kvittering/{submission.pk}/" in page
    assert f"/selvbetjening/kvittering/{submission.pk}/pdf/" in page


def test_a_booking_is_moved_cancelled_after_confirming_and_added_to_a_calendar(
    citizen_client, parent_cpr
):
    booking = BookingFactory(
        citizen_cpr=parent_cpr,
        starts_at=timezone.now() + dt.timedelta(days=3),
        service__unit__opening_hours="24/7",
    )
    page = citizen_client.get("/min-side/").content.decode()
    assert booking.service.name in page
    token = page.split("/tider/aftale/")[1].split("/")[0]
    assert f"/tider/aftale/{token}/kalender.ics" in page
    confirm = citizen_client.get(f"/tider/aftale/{token}/aflys/")
    assert "Ja, aflys tiden" in confirm.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED  # asking did not cancel
    done = citizen_client.post(f"/tider/aftale/{token}/aflys/")
    assert done["Location"] == "/min-side/"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.service.name not in citizen_client.get("/min-side/").content.decode()


def test_a_parent_acts_for_a_child_visibly_and_audited(citizen_client, parent_cpr):
    child = registers.person(parent_cpr).children_in_custody[0]
    page = citizen_client.get("/min-side/").content.decode()
    assert child.name in page
    response = citizen_client.post("/min-side/handl-for/", {"for": child.cpr})
    assert response.status_code == 302
    page = citizen_client.get("/min-side/").content.decode()
    assert f"Du handler nu for {child.name}" in page
    assert AuditEntry.objects.filter(citizen_key=citizen_key(child.cpr), action="act_for").exists()
    # A service that allows it is open for the child; another is refused.
    selfservice.import_built_in_definitions()
    assert citizen_client.get("/selvbetjening/sundhedskort/").status_code == 200
    assert citizen_client.get("/selvbetjening/laegeskift/").status_code == 403
    citizen_client.post("/min-side/handl-for/", {"for": "self"})
    page = citizen_client.get("/min-side/").content.decode()
    assert f"Du handler nu for {child.name}" not in page
    assert AuditEntry.objects.filter(citizen_key=citizen_key(child.cpr)).count() == 2


def test_a_parent_cannot_act_for_someone_who_is_not_their_child(citizen_client, other_cpr):
    response = citizen_client.post("/min-side/handl-for/", {"for": other_cpr})
    assert response.status_code == 403
    assert "Du handler nu for" not in citizen_client.get("/min-side/").content.decode()


def test_a_business_login_sees_the_business_matters_not_its_own(topics, population):
    business = next(b for b in population.businesses if b.owners)
    owner = business.owners[0]
    own = contact_case(owner, text="Mit eget spørgsmål om affald")
    theirs = contact_case(owner, text="Virksomhedens affald", cvr=business.cvr)
    client = Client()
    client.post("/log-ind/test/", {"cpr": owner, "cvr": business.cvr, "next": "/min-side/"})
    page = client.get("/min-side/").content.decode()
    assert theirs.reference in page and own.reference not in page
    assert f"Du handler for {business.name}" in page
    assert "Handl for dit barn" not in page


def test_staff_see_none_of_it_without_a_citizen_login(front_desk_kff):
    response = staff_client(front_desk_kff).get("/min-side/")
    assert response.status_code == 302 and response["Location"].startswith("/log-ind/")


def test_pending_surveys_are_named_after_their_matter(citizen_client, laegeskift_draft):
    from indgang.insights import services as insights

    submission = selfservice.submit(laegeskift_draft)
    insights.invite_after_selfservice(
        cpr=laegeskift_draft.cpr, service="laegeskift", reference=submission.reference
    )
    page = citizen_client.get("/min-side/").content.decode()
    assert "Hvordan gik det med “Skift læge”?" in page


def test_the_page_reads_a_bounded_number_of_queries(
    topics, citizen_client, parent_cpr, django_assert_max_num_queries
):
    for n in range(4):
        contact_case(parent_cpr, text=f"Spørgsmål nummer {n} om affald")
    with django_assert_max_num_queries(40):
        citizen_client.get("/min-side/")
    for n in range(6):
        contact_case(parent_cpr, text=f"Endnu et spørgsmål {n} om affald")
    with django_assert_max_num_queries(40):
        citizen_client.get("/min-side/")
