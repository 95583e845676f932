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
