"""Outgoing messages as MeMo (Digital Post) messages, version 1.2.

The structure comes from python-serviceplatformen's MeMo dataclasses and is
serialised with its ``xml_util``; nothing here writes MeMo XML by hand.
``problems`` reads a MeMo document back and lists what a receiver would
refuse (the demo plugin uses it, as Digital Post would).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from django.conf import settings
from python_serviceplatformen.models import (  # type: ignore[import-untyped]
    message as memo,
)
from python_serviceplatformen.models import xml_util  # type: ignore[import-untyped]

from indgang.registers import queries as registers

if TYPE_CHECKING:
    from indgang.messaging.models import Message

MEMO_VERSION = "1.2"
NS = {"memo": memo.NAME_SPACES["memo"], "grd": memo.NAME_SPACES["grd"]}
CASE_SYSTEM = "Indgang"
# What XML 1.0 cannot hold: C0 controls but tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF. A citizen's subject may contain any of them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text made safe for XML: characters XML cannot hold are dropped (the
    serialiser escapes ``<``, ``&`` and quotes)."""
    return NOT_XML.sub("", value)


def _cleaned(value: Any) -> Any:
    """Every text in a MeMo dataclass tree through ``xml_text``."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, tuple):
        return tuple(_cleaned(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _cleaned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


def _file(name: str, content_type: str, data: bytes) -> memo.File:
    return memo.File(
        encodingFormat=content_type,
        filename=name,
        language="da",
        content=base64.b64encode(data).decode("ascii"),
    )


# The KLE edition the shipped OS2KLE keywords follow (core/data/kle/SOURCES.md).
KLE_VERSION = "2026-02"


def build(message: Message) -> memo.Message:
    """The MeMo message for an outgoing message: sender is the municipality
    (its CVR number), recipient the citizen's CPR or the business's CVR; the
    text is the main document and each attachment an additional document."""
    thread = message.thread
    if thread.cvr:
        business = registers.business(thread.cvr)
        company = business.name if business else thread.citizen_name
        recipient = memo.Recipient(recipientID=thread.cvr, idType="CVR", label=company)
        owner = memo.ContentData(CVR_data=memo.CVRdata(cvrNumber=thread.cvr, companyName=company))
    else:
        recipient = memo.Recipient(recipientID=thread.cpr, idType="CPR", label=thread.citizen_name)
        owner = memo.ContentData(
            CPR_data=memo.CPRdata(cprNumber=thread.cpr, name=thread.citizen_name)
        )
    if thread.case is not None:
        owner.caseID = memo.CaseID(caseID=thread.case.reference, caseSystem=CASE_SYSTEM)
        if thread.case.kle:
            # The KLE topic the case is filed under, so the recipient's system
            # can file the message too. The handling facet is not classified:
            # G01 ("generelle sager") until a caseworker decides otherwise.
            owner.KLE_data = memo.KLEdata(
                subjectKey=thread.case.kle,
                version=KLE_VERSION,
                activityFacet="G01",
                label=thread.case.kle_title[:100] or thread.case.kle,
            )
    created = message.created_at.astimezone(dt.UTC).replace(tzinfo=None)
    additional = tuple(
        memo.AdditionalDocument(
            additionalDocumentID=str(attachment.pk),
            label=attachment.name,
            files=(_file(attachment.name, attachment.content_type, bytes(attachment.data)),),
        )
        for attachment in message.attachments.all()
    )
    return memo.Message(
        messageHeader=memo.MessageHeader(
            messageType="DIGITALPOST",
            messageUUID=str(message.memo_uuid),
            messageID=str(message.pk),
            label=thread.subject[:150],
            reply=thread.case_id is not None,
            sender=memo.Sender(
                senderID=settings.MESSAGING_SENDER_CVR,
                idType="CVR",
                label=settings.MESSAGING_SENDER_NAME,
            ),
            recipient=recipient,
            contentData=owner,
        ),
        messageBody=memo.MessageBody(
            createdDateTime=created,
            mainDocument=memo.MainDocument(
                mainDocumentID=str(message.pk),
                label=thread.subject[:150],
                files=(_file("besked.txt", "text/plain", message.body.encode("utf-8")),),
            ),
            additionalDocuments=additional or None,
        ),
    )


def to_xml(message: memo.Message) -> str:
    """The MeMo XML; everything put into it is cleaned here, in one place."""
    xml: str = xml_util.dataclass_to_xml_string(_cleaned(message))
    return xml


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def problems(xml: str) -> list[str]:
    """What makes a document not a deliverable MeMo 1.2 message; empty when fine.

    Checks what the MeMo 1.2 schema requires of a Digital Post message with a
    body: version, header fields in place, sender and recipient identified,
    a main document with at least one file whose content is base64.
    """
    try:
        # Only MeMo XML we serialised ourselves is read here, never outside input.
        root = ElementTree.fromstring(xml)  # noqa: S314
    except ElementTree.ParseError as error:
        return [f"not XML: {error}"]
    found: list[str] = []
    if root.tag != f"{{{NS['memo']}}}Message":
        return [f"root element is {root.tag}, not memo:Message"]
    if root.get("memoVersion") != MEMO_VERSION:
        found.append(f"memoVersion is {root.get('memoVersion')!r}, not {MEMO_VERSION}")
    header = root.find("memo:MessageHeader", NS)
    if header is None:
        return [*found, "no MessageHeader"]
    if _text(header, "memo:messageType") not in ("DIGITALPOST", "NEMSMS"):
        found.append("messageType must be DIGITALPOST or NEMSMS")
    if len(_text(header, "memo:messageUUID")) != 36:
        found.append("messageUUID is not a UUID")
    if not _text(header, "memo:label"):
        found.append("the message has no label (title)")
    for party, id_field in (("Sender", "senderID"), ("Recipient", "recipientID")):
        element = header.find(f"memo:{party}", NS)
        if element is None:
            found.append(f"no {party}")
            continue
        id_type = _text(element, "memo:idType")
        identifier = _text(element, f"memo:{id_field}")
        length = {"CPR": 10, "CVR": 8}.get(id_type)
        if length is None and id_type != "MyndighedsID":
            found.append(f"{party} idType {id_type!r} is unknown")
        elif length and (len(identifier) != length or not identifier.isdigit()):
            found.append(f"{party} {id_type} number {identifier!r} is malformed")
    body = root.find("memo:MessageBody", NS)
    if _text(header, "memo:messageType") == "DIGITALPOST":
        main = body.find("memo:MainDocument", NS) if body is not None else None
        files = main.findall("memo:File", NS) if main is not None else []
        if not files:
            found.append("a Digital Post message needs a main document with a file")
        documents = [*files]
        if body is not None:
            documents += body.findall("memo:AdditionalDocument/memo:File", NS)
        for file in documents:
            for required in ("encodingFormat", "filename", "language", "content"):
                if not _text(file, f"memo:{required}"):
                    found.append(f"a File has no {required}")
            try:
                base64.b64decode(_text(file, "memo:content"), validate=True)
            except (binascii.Error, ValueError):
                found.append(f"the content of {_text(file, 'memo:filename')} is not base64")
    return found
