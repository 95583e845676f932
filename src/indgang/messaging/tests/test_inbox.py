"""The two-way inbox: staff reply on the case page, the citizen reads and answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from indgang.cases.constants import CaseState
from indgang.core.constants import AuditAction
from indgang.core.contrib.eicar.plugin import EICAR
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.identity.citizen import CitizenIdentity
from indgang.messaging import services
from indgang.messaging.conftest import PDF, PNG
from indgang.messaging.constants import DeliveryStatus, Direction
from indgang.messaging.models import Attachment, Message, ReplyTemplate, Thread
from indgang.messaging.tasks import deliver_message

pytestmark = pytest.mark.django_db


def reply(client, case, body="Vi har modtaget din klage.", **extra):
    return client.post(
        f"/medarbejder/sager/{case.reference}/beskeder/svar/", {"reply-body": body, **extra}
    )


def deliver_all() -> None:
    for message in Message.objects.exclude(delivery_status=DeliveryStatus.DELIVERED):
        deliver_message.call(str(message.pk))


def test_the_citizens_inquiry_is_the_first_message_of_the_case_thread(case, citizen_client):
    response = citizen_client.get("/beskeder/")
    assert response.status_code == 200
    thread = Thread.objects.get(case=case)
    assert case.reference in response.content.decode()
    first = thread.messages.get()
    assert first.direction == Direction.FROM_CITIZEN
    assert first.body == case.text
    page = citizen_client.get(f"/beskeder/{thread.pk}/").content.decode()
    assert "gyldig licens" in page


def test_reading_the_inbox_or_the_case_page_writes_nothing(case, citizen_client, tmf_client):
    # The thread was opened with the case; pages only read (and audit).
    threads, messages = Thread.objects.count(), Message.objects.count()
    assert threads == 1
    assert citizen_client.get("/beskeder/").status_code == 200
    assert tmf_client.get(f"/medarbejder/sager/{case.reference}/").status_code == 200
    assert (Thread.objects.count(), Message.objects.count()) == (threads, messages)


def test_an_anonymous_question_without_an_e_mail_gets_no_thread(topics):
    from indgang.cases import services as cases

    question = cases.create_case(
        cpr="", text="Hvornår tømmes papirskraldet i Valby?", channel="anonymous_form"
    )
    assert not Thread.objects.filter(case=question).exists()


def test_a_staff_reply_reaches_the_citizen_once_delivered_and_staff_see_when_it_is_read(
    case, citizen_client, tmf_client
):
    response = reply(tmf_client, case, "Vi ser på din klage over parkeringsafgiften.")
    assert response.status_code == 302
    message = Message.objects.get(direction=Direction.TO_CITIZEN)
    assert message.delivery_status == DeliveryStatus.CREATED
    # Not delivered yet: the citizen does not see it.
    assert (
        "Vi ser på din klage"
        not in citizen_client.get(f"/beskeder/{message.thread_id}/").content.decode()
    )
    assert "Ikke læst" in tmf_client.get(f"/medarbejder/sager/{case.reference}/").content.decode()

    deliver_all()
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED
    inbox = citizen_client.get("/beskeder/").content.decode()
    assert "1 ulæst besked" in inbox
    assert "Beskeder (1 ulæst)" in inbox  # the header nav
    assert "1 ulæst besked" in citizen_client.get("/min-side/").content.decode()

    page = citizen_client.get(f"/beskeder/{message.thread_id}/").content.decode()
    assert "Vi ser på din klage" in page
    assert "Ny" in page
    message.refresh_from_db()
    assert message.read_at is not None
    assert "0 ulæst" not in citizen_client.get("/beskeder/").content.decode()
    staff_page = tmf_client.get(f"/medarbejder/sager/{case.reference}/").content.decode()
    assert "Læst " in staff_page and "Ikke læst" not in staff_page


def test_a_reply_moves_a_routed_case_into_progress(case, tmf_client):
    assert case.state == CaseState.ROUTED
    reply(tmf_client, case)
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_staff_reading_a_thread_never_marks_it_read(case, tmf_client, tmf_colleague):
    reply(tmf_client, case)
    deliver_all()
    from indgang.conftest import staff_client

    colleague = staff_client(tmf_colleague)
    assert colleague.get(f"/medarbejder/sager/{case.reference}/").status_code == 200
    assert tmf_client.get(f"/medarbejder/sager/{case.reference}/").status_code == 200
    assert Message.objects.get(direction=Direction.TO_CITIZEN).read_at is None


def test_only_the_recipient_marks_a_message_read(case, tmf_client, parent_cpr, other_cpr):
    reply(tmf_client, case)
    deliver_all()
    thread = Thread.objects.get(case=case)
    with pytest.raises(PermissionDenied):
        services.mark_read(thread, citizen=CitizenIdentity(cpr=other_cpr, name="x", idp="test"))
    assert Message.objects.get(direction=Direction.TO_CITIZEN).read_at is None
    services.mark_read(thread, citizen=CitizenIdentity(cpr=parent_cpr, name="x", idp="test"))
    assert Message.objects.get(direction=Direction.TO_CITIZEN).read_at is not None


def test_a_citizen_cannot_read_another_citizens_thread(case, tmf_client, other_citizen_client):
    tmf_client.post(
        f"/medarbejder/sager/{case.reference}/beskeder/svar/",
        {"reply-body": "Se bilag", "reply-attachments": SimpleUploadedFile("afgift.pdf", PDF)},
    )
    deliver_all()
    thread = Thread.objects.get(case=case)
    attachment = Attachment.objects.get()
    assert other_citizen_client.get(f"/beskeder/{thread.pk}/").status_code == 404
    assert other_citizen_client.post(f"/beskeder/{thread.pk}/", {"body": "Hej"}).status_code == 404
    assert (
        other_citizen_client.get(f"/beskeder/{thread.pk}/bilag/{attachment.pk}/").status_code == 404
    )
    assert case.reference not in other_citizen_client.get("/beskeder/").content.decode()
    assert Message.objects.get(direction=Direction.TO_CITIZEN).read_at is None


def test_a_caseworker_of_another_administration_is_refused(
    case, sof_client, citizen_client, analyst
):
    citizen_client.post(
        f"/beskeder/{services.ensure_thread(case).pk}/",
        {"body": "Her er billedet", "attachments": SimpleUploadedFile("p.png", PNG)},
    )
    attachment = Attachment.objects.get()
    message = Message.objects.get(direction=Direction.FROM_CITIZEN, attachments=attachment)
    base = f"/medarbejder/sager/{case.reference}"
    assert sof_client.get(f"{base}/").status_code == 403
    assert reply(sof_client, case).status_code == 403
    assert sof_client.get(f"{base}/beskeder/bilag/{attachment.pk}/").status_code == 403
    assert sof_client.post(f"{base}/beskeder/{message.pk}/send-igen/").status_code == 403
    assert not Message.objects.filter(direction=Direction.TO_CITIZEN).exists()
    # Nor may anyone who does not handle cases, or someone not logged in as staff.
    from indgang.conftest import staff_client

    assert reply(staff_client(analyst), case).status_code == 403
    assert reply(citizen_client, case).status_code == 302  # to the staff login
    assert not Message.objects.filter(direction=Direction.TO_CITIZEN).exists()
    refused = AuditEntry.objects.filter(
        action=AuditAction.REFUSED, citizen_key=citizen_key(case.cpr), actor_administration="sof"
    )
    assert refused.count() >= 3


def test_staff_views_of_the_thread_and_attachments_are_audited(case, tmf_client, citizen_client):
    thread = services.ensure_thread(case)
    citizen_client.post(
        f"/beskeder/{thread.pk}/",
        {"body": "Kvittering vedhæftet", "attachments": SimpleUploadedFile("kvit æø.pdf", PDF)},
    )
    attachment = Attachment.objects.get()
    tmf_client.get(f"/medarbejder/sager/{case.reference}/")
    response = tmf_client.get(
        f"/medarbejder/sager/{case.reference}/beskeder/bilag/{attachment.pk}/"
    )
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''kvit%20%C3%A6%C3%B8.pdf"
    viewed = AuditEntry.objects.filter(
        action=AuditAction.VIEW, citizen_key=citizen_key(case.cpr), actor_administration="tmf"
    ).values_list("what", flat=True)
    assert f"case {case.reference}: messages" in viewed
    assert f"case {case.reference}: attachment kvit æø.pdf" in viewed


def test_picking_a_reply_template_fills_the_reply_box_without_javascript(
    case, tmf_client, templates
):
    template = ReplyTemplate.objects.get(administration="tmf", title="Vi mangler oplysninger")
    page = tmf_client.get(
        f"/medarbejder/sager/{case.reference}/?svarskabelon={template.pk}"
    ).content.decode()
    assert "Vi mangler oplysninger" in page  # offered in the picker
    assert "Kære Testborger" in page
    assert f"behandle din sag ({case.reference})" in page
    assert "Tove Testesen" in page
    # Another administration's templates are not offered.
    sof_template = ReplyTemplate.objects.get(administration="sof", title="Vi mangler oplysninger")
    page = tmf_client.get(
        f"/medarbejder/sager/{case.reference}/?svarskabelon={sof_template.pk}"
    ).content.decode()
    assert "Kære Testborger" not in page


def test_awaiting_the_citizen_pauses_and_the_citizens_reply_resumes_the_case(
    case, tmf_client, citizen_client
):
    await_citizen = {"reply-await_citizen": "on"}
    reply(tmf_client, case, "Send os venligst en kopi af licensen.", **await_citizen)
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_CITIZEN and case.paused_since is not None
    deliver_all()
    thread = Thread.objects.get(case=case)
    response = citizen_client.post(
        f"/beskeder/{thread.pk}/",
        {"body": "Her er licensen.", "attachments": SimpleUploadedFile("licens.png", PNG)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS
    assert case.events.filter(from_state="awaiting_citizen", to_state="in_progress").exists()
    staff_page = tmf_client.get(f"/medarbejder/sager/{case.reference}/").content.decode()
    assert "Her er licensen." in staff_page and "licens.png" in staff_page


def test_an_infected_attachment_is_refused_and_the_text_is_kept(case, citizen_client, tmf_client):
    thread = services.ensure_thread(case)
    response = citizen_client.post(
        f"/beskeder/{thread.pk}/",
        {"body": "Se vedhæftede", "attachments": SimpleUploadedFile("faktura.pdf", EICAR)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "faktura.pdf indeholder en virus" in page
    assert "Se vedhæftede" in page  # nothing entered is lost
    assert thread.messages.count() == 1 and not Attachment.objects.exists()

    response = tmf_client.post(
        f"/medarbejder/sager/{case.reference}/beskeder/svar/",
        {"reply-body": "Svar med bilag", "reply-attachments": SimpleUploadedFile("x.pdf", EICAR)},
    )
    assert response.status_code == 400
    assert "x.pdf indeholder en virus" in response.content.decode()
    assert "Svar med bilag" in response.content.decode()
    assert not Message.objects.filter(direction=Direction.TO_CITIZEN).exists()


def test_a_wrong_file_type_and_an_empty_message_get_clear_errors(case, citizen_client):
    thread = services.ensure_thread(case)
    response = citizen_client.post(
        f"/beskeder/{thread.pk}/",
        {"body": " ", "attachments": SimpleUploadedFile("notat.txt", b"just text here")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv din besked." in page
    assert "Filen notat.txt skal være PDF eller JPEG eller PNG." in page


def test_a_closed_case_takes_no_more_replies_from_the_citizen(case, citizen_client, tmf_client):
    from indgang.cases import services as cases

    for state in ("in_progress", "resolved", "closed"):
        cases.transition(case, state, actor=None)
    thread = services.ensure_thread(case)
    page = citizen_client.get(f"/beskeder/{thread.pk}/").content.decode()
    assert "Skriv en ny besked" in page
    response = citizen_client.post(f"/beskeder/{thread.pk}/", {"body": "Hallo?"})
    assert response.status_code == 400
    assert thread.messages.count() == 1


def test_a_business_sees_its_own_threads_not_the_owners_private_ones(population, topics):
    from indgang.cases import services as cases

    business = population.businesses[0]
    owner = business.owners[0]
    private = cases.create_case(cpr=owner, text="Min private sag om affald", topic_slug="affald")
    company = cases.create_case(
        cpr=owner, cvr=business.cvr, text="Firmaets affaldsordning", topic_slug="affald"
    )
    as_person = CitizenIdentity(cpr=owner, name="Ejer", idp="test")
    as_business = CitizenIdentity(cpr=owner, name="Ejer", idp="test", cvr=business.cvr)
    from indgang.messaging import queries

    assert [t.case for t in queries.threads_for(as_person)] == [private]
    assert [t.case for t in queries.threads_for(as_business)] == [company]
    assert Thread.objects.get(case=company).cvr == business.cvr


def test_the_inbox_costs_the_same_number_of_queries_for_one_thread_or_many(
    topics, parent_cpr, citizen_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indgang.cases import services as cases

    def inbox_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert citizen_client.get("/beskeder/").status_code == 200
        return len(queries)

    cases.create_case(cpr=parent_cpr, text="Om parkering", topic_slug="parkering")
    one = inbox_queries()
    for i in range(5):
        cases.create_case(cpr=parent_cpr, text=f"Om affald {i}", topic_slug="affald")
    assert inbox_queries() == one


def test_an_anonymous_question_is_answered_by_e_mail_without_attachments(topics, tmf_client):
    from indgang.cases import services as cases
    from indgang.notifications.models import Notification

    question = cases.create_case(
        cpr="",
        text="Hvornår tømmes papirskraldet i Valby?",
        topic_slug="parkering",
        reply_email="svar@eksempel.dk",
        channel="anonymous_form",
    )
    refused = reply(tmf_client, question, **{"reply-attachments": SimpleUploadedFile("a.pdf", PDF)})
    assert refused.status_code == 400
    assert "kan ikke have bilag" in refused.content.decode()

    assert reply(tmf_client, question, body="Papir tømmes hver anden tirsdag.").status_code == 302
    deliver_all()
    sent = Notification.objects.get(channel="email")
    assert sent.recipient == "svar@eksempel.dk"
    assert "Papir tømmes hver anden tirsdag." in sent.body and question.reference in sent.body
    message = Message.objects.get(direction=Direction.TO_CITIZEN)
    assert message.delivery_status == DeliveryStatus.DELIVERED and not message.memo_xml
    page = tmf_client.get(f"/medarbejder/sager/{question.reference}/").content.decode()
    assert "svar@eksempel.dk" in page and "E-mail: Leveret" in page


def test_replies_both_ways_are_in_the_case_event_log(case, tmf_client, citizen_client):
    assert reply(tmf_client, case).status_code == 302
    deliver_all()
    thread = services.ensure_thread(case)
    citizen_client.post(f"/beskeder/{thread.pk}/", {"body": "Tak, her er min licens."})
    activities = list(case.events.values_list("activity", flat=True))
    assert activities.count("message_sent") == 1
    assert activities.count("message_received") == 1
    assert activities.index("message_sent") < activities.index("message_received")
