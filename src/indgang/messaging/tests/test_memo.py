"""Every outgoing message is a MeMo 1.2 message: recipient, sender, title, body, attachments."""

from __future__ import annotations

import base64
from xml.etree import ElementTree

import pytest

from indgang.cases import services as cases
from indgang.core.attachments import CheckedFile
from indgang.messaging import memo, services
from indgang.messaging.conftest import PDF

pytestmark = pytest.mark.django_db
NS = memo.NS


def _reply(case, caseworker, **kwargs):
    message = services.staff_reply(case, "Vi har nu behandlet din sag.", actor=caseworker, **kwargs)
    return message, ElementTree.fromstring(message.memo_xml)  # noqa: S314


def test_the_memo_message_names_the_citizen_the_municipality_the_title_and_the_body(
    case, caseworker_tmf
):
    attachment = CheckedFile("afgoerelse.pdf", "application/pdf", PDF, "clean")
    message, root = _reply(case, caseworker_tmf, files=[attachment])

    assert memo.problems(message.memo_xml) == []
    assert root.tag == "{https://DigitalPost.dk/MeMo-1}Message"
    assert root.get("memoVersion") == "1.2"
    header = root.find("memo:MessageHeader", NS)
    assert header.findtext("memo:messageType", namespaces=NS) == "DIGITALPOST"
    assert header.findtext("memo:messageUUID", namespaces=NS) == str(message.memo_uuid)
    assert header.findtext("memo:label", namespaces=NS) == f"Din henvendelse {case.reference}"
    recipient = header.find("memo:Recipient", NS)
    assert recipient.findtext("memo:recipientID", namespaces=NS) == case.cpr
    assert recipient.findtext("memo:idType", namespaces=NS) == "CPR"
    sender = header.find("memo:Sender", NS)
    assert sender.findtext("memo:senderID", namespaces=NS) == "64942212"
    assert sender.findtext("memo:idType", namespaces=NS) == "CVR"
    assert sender.findtext("memo:label", namespaces=NS) == "Københavns Kommune"
    assert header.findtext("memo:ContentData/memo:CaseID/memo:caseID", namespaces=NS) == (
        case.reference
    )

    main = root.find("memo:MessageBody/memo:MainDocument/memo:File", NS)
    assert main.findtext("memo:encodingFormat", namespaces=NS) == "text/plain"
    body = base64.b64decode(main.findtext("memo:content", namespaces=NS)).decode("utf-8")
    assert body == "Vi har nu behandlet din sag."
    extra = root.find("memo:MessageBody/memo:AdditionalDocument/memo:File", NS)
    assert extra.findtext("memo:filename", namespaces=NS) == "afgoerelse.pdf"
    assert extra.findtext("memo:encodingFormat", namespaces=NS) == "application/pdf"
    assert base64.b64decode(extra.findtext("memo:content", namespaces=NS)) == PDF


def test_a_business_receives_its_memo_message_by_cvr_number(population, topics, caseworker_tmf):
    business = population.businesses[0]
    case = cases.create_case(
        cpr=business.owners[0], cvr=business.cvr, text="Firmaets affald", topic_slug="affald"
    )
    message, root = _reply(case, caseworker_tmf)
    recipient = root.find("memo:MessageHeader/memo:Recipient", NS)
    assert recipient.findtext("memo:recipientID", namespaces=NS) == business.cvr
    assert recipient.findtext("memo:idType", namespaces=NS) == "CVR"
    assert recipient.findtext("memo:label", namespaces=NS) == business.name
    company = root.find("memo:MessageHeader/memo:ContentData/grd:CVRdata", NS)
    assert company.findtext("grd:companyName", namespaces=NS) == business.name
    assert memo.problems(message.memo_xml) == []


def test_the_sender_cvr_comes_from_the_settings(case, caseworker_tmf, settings):
    settings.MESSAGING_SENDER_CVR = "29189854"
    settings.MESSAGING_SENDER_NAME = "Aarhus Kommune"
    _message, root = _reply(case, caseworker_tmf)
    sender = root.find("memo:MessageHeader/memo:Sender", NS)
    assert sender.findtext("memo:senderID", namespaces=NS) == "29189854"
    assert sender.findtext("memo:label", namespaces=NS) == "Aarhus Kommune"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("1.2", "1.1"), "memoVersion"),
        (("</memo:label>", "</memo:labelX>"), "not XML"),
        (("64942212", "6494221"), "Sender CVR number"),
        (("<memo:messageUUID>", "<memo:messageUUID>x"), "messageUUID"),
    ],
)
def test_a_broken_memo_message_is_reported(case, caseworker_tmf, change, problem):
    message, _root = _reply(case, caseworker_tmf)
    broken = message.memo_xml.replace(*change)
    assert any(problem in p for p in memo.problems(broken)), memo.problems(broken)


def test_the_memo_message_carries_the_cases_kle_topic(case, caseworker_tmf):
    case.kle, case.kle_title = "05.09.04", "Parkeringskontrol"
    case.save(update_fields=["kle", "kle_title"])
    message, root = _reply(case, caseworker_tmf)
    assert memo.problems(message.memo_xml) == []
    data = root.find("memo:MessageHeader/memo:ContentData", NS)
    element = next(e for e in data if e.tag.endswith("KLEdata") or e.tag.endswith("KLE_data"))
    values = {child.tag.rsplit("}", 1)[-1]: child.text for child in element}
    assert values["subjectKey"] == "05.09.04"
    assert values["label"] == "Parkeringskontrol"


# Every character XML 1.0 cannot hold. NUL never reaches a case (Django's form
# fields refuse it, and PostgreSQL cannot store it), so it is checked apart.
NOT_XML = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
CONTROL = [c for c in NOT_XML if c != "\x00"]


def test_every_character_xml_cannot_hold_is_cleaned_and_the_rest_kept():
    text = "".join(NOT_XML) + "Tab\there, ny\nlinje <&> æøå"
    assert memo.xml_text(text) == "Tab\there, ny\nlinje <&> æøå"


@pytest.mark.parametrize("char", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_a_control_character_in_any_field_does_not_break_delivery(
    topics, parent_cpr, caseworker_tmf, tmf_client, char
):
    """A probe: ``\\x0b`` in a citizen's subject made every reply on the case
    fail MeMo delivery ("not well-formed"), and "Send igen" failed the same way.
    The character goes through every text that reaches the MeMo XML."""
    from indgang.messaging.models import Thread
    from indgang.messaging.tasks import deliver_message

    case = cases.create_case(
        cpr=parent_cpr,
        citizen_name=f"Test{char}borger",
        subject=f"Parkering{char}afgift",
        text=f"Jeg har{char} et spørgsmål.",
        topic_slug="parkering",
    )
    Thread.objects.filter(case=case).update(citizen_name=f"Test{char}borger")
    attachment = CheckedFile(f"af{char}goerelse.pdf", "application/pdf", PDF, "clean")
    message, root = _reply(case, caseworker_tmf, files=[attachment])

    assert memo.problems(message.memo_xml) == []
    header = root.find("memo:MessageHeader", NS)
    assert header.findtext("memo:label", namespaces=NS) == "Parkeringafgift"
    assert header.findtext("memo:Recipient/memo:label", namespaces=NS) == "Testborger"
    extra = root.find("memo:MessageBody/memo:AdditionalDocument/memo:File", NS)
    assert extra.findtext("memo:filename", namespaces=NS) == "afgoerelse.pdf"
    assert deliver_message.call(str(message.pk)) == "delivered"


def test_send_again_rebuilds_a_message_stored_before_its_xml_was_cleaned(
    case, caseworker_tmf, tmf_client, settings
):
    from indgang.messaging.constants import DeliveryStatus
    from indgang.messaging.models import Message
    from indgang.messaging.tasks import deliver_message

    settings.MESSAGING_DELIVERY_ATTEMPTS = 1
    message, _root = _reply(case, caseworker_tmf)
    # As stored by an earlier version: a raw control character in the title.
    Message.objects.filter(pk=message.pk).update(
        memo_xml=message.memo_xml.replace("<memo:label>Din", "<memo:label>\x0bDin", 1)
    )
    assert deliver_message.call(str(message.pk)) == "failed"
    response = tmf_client.post(
        f"/medarbejder/sager/{case.reference}/beskeder/{message.pk}/send-igen/"
    )
    assert response.status_code == 302
    assert deliver_message.call(str(message.pk)) == "delivered"
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED
