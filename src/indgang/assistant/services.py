"""Public writes: a question answered and kept, feedback, hand-off to a person."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indgang.assistant import answers
from indgang.assistant.constants import Outcome
from indgang.assistant.models import Conversation, Turn
from indgang.cases import services as cases
from indgang.cases.constants import CaseChannel
from indgang.cases.models import Case
from indgang.contacts import services as contacts
from indgang.contacts.constants import Channel, Reason, Source
from indgang.contacts.constants import Outcome as ContactOutcome
from indgang.core.pseudonym import citizen_key

OUTCOME_OF_KIND = {
    answers.Kind.NOT_SURE: Outcome.NOT_SURE,
    answers.Kind.EMPTY: Outcome.NOT_SURE,
    answers.Kind.REFERRAL: Outcome.OUT_OF_REMIT,
    answers.Kind.REFUSED: Outcome.REFUSED,
}
CONTACT_OUTCOME = {
    Outcome.ANSWERED: ContactOutcome.RESOLVED,
    Outcome.NOT_SURE: ContactOutcome.FOLLOW_UP,
    Outcome.REFUSED: ContactOutcome.FOLLOW_UP,
    Outcome.OUT_OF_REMIT: ContactOutcome.FORWARDED,
    Outcome.BECAME_CASE: ContactOutcome.FORWARDED,
}


def ask(
    question: str,
    *,
    lang: str | None = None,
    citizen: Any = None,
    conversation: Conversation | None = None,
) -> tuple[Conversation, answers.Answer]:
    """Answer a question and keep it in the conversation (a new one if none).

    The first question of a conversation registers a ``chat`` contact. A
    refused question (it held a CPR number) is not stored, only counted.
    """
    started = time.perf_counter()
    answer = answers.answer(question, lang=lang, citizen=citizen)
    duration_ms = round((time.perf_counter() - started) * 1000)
    key = citizen_key(citizen.cpr) if citizen is not None else ""
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(
                citizen_key=key, lang=answers.detect_language(question, lang or "da")
            )
        stored = answer.kind != answers.Kind.REFUSED
        Turn.objects.create(
            conversation=conversation,
            question=question[: answers.MAX_QUESTION] if stored else "",
            answer=answer.text,
            kind=answer.kind,
            sources=[{"title": s.title, "url": s.url} for s in answer.sources],
            confident=answer.confident,
            service=answer.service,
            next_label=answer.next_label,
            next_url=answer.next_url,
            duration_ms=duration_ms,
        )
        if conversation.outcome != Outcome.BECAME_CASE:
            conversation.outcome = OUTCOME_OF_KIND.get(answer.kind, Outcome.ANSWERED)
            conversation.save(update_fields=["outcome"])
        _register(conversation, answer, citizen)
    return conversation, answer


def _register(conversation: Conversation, answer: answers.Answer, citizen: Any) -> None:
    outcome = CONTACT_OUTCOME[Outcome(conversation.outcome)]
    if conversation.contact_id is None:
        contact = contacts.record_contact(
            channel=Channel.CHAT,
            service=answer.service,
            cpr=citizen.cpr if citizen is not None else None,
            outcome=outcome,
            reason=Reason.GUIDANCE,
            source=Source.AUTOMATIC,
            source_ref=f"assistant:{conversation.pk}",
        )
        conversation.contact_id = contact.pk
        conversation.save(update_fields=["contact_id"])
    else:
        contacts.update_outcome(conversation.contact_id, outcome=outcome)


def record_feedback(conversation: Conversation, *, helped: bool) -> Conversation:
    conversation.helped = helped
    conversation.save(update_fields=["helped"])
    return conversation


def transcript(conversation: Conversation) -> str:
    parts = []
    for turn in conversation.turns.all():
        if not turn.question:
            continue
        parts.append(_("Question: %(text)s") % {"text": turn.question})
        parts.append(_("Answer: %(text)s") % {"text": turn.answer})
        parts.append("")
    return "\n".join(parts).strip()


@transaction.atomic
def hand_off(
    conversation: Conversation,
    *,
    citizen: Any = None,
    email: str = "",
    note: str = "",
) -> Case:
    """Turn the conversation into a secure message case with its transcript,
    routed like any inquiry. The citizen retypes nothing."""
    if conversation.case_reference:
        existing = Case.objects.filter(reference=conversation.case_reference).first()
        if existing is not None:
            return existing
    text = transcript(conversation)
    if not text:
        raise ValidationError(_("Ask a question first."))
    if note:
        text += "\n\n" + _("The citizen adds: %(text)s") % {"text": note}
    if citizen is not None:
        case = cases.create_case(
            cpr=citizen.cpr,
            cvr=citizen.cvr,
            citizen_name=citizen.display_name,
            text=text,
            subject=_("From Spørg kommunen"),
            source_ref=f"assistant:{conversation.pk}",
        )
    else:
        if not email:
            raise ValidationError(_("Write your e-mail address so we can answer you."))
        case = cases.create_case(
            cpr="",
            text=text,
            subject=_("From Spørg kommunen"),
            reply_email=email,
            channel=CaseChannel.ANONYMOUS_FORM,
            source_ref=f"assistant:{conversation.pk}",
        )
    conversation.outcome = Outcome.BECAME_CASE
    conversation.case_reference = case.reference
    conversation.save(update_fields=["outcome", "case_reference"])
    if conversation.contact_id is not None:
        contacts.update_outcome(
            conversation.contact_id, outcome=ContactOutcome.FORWARDED, case=case
        )
    return case
