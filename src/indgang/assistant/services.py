"""Public writes: a question answered and kept, feedback, hand-off to a person
(live during chat hours, or as a case), and the staff side of a live chat."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.assistant import answers, queries
from indgang.assistant.constants import Author, LiveState, Outcome
from indgang.assistant.models import ChatMessage, Conversation, Presence, Turn
from indgang.assistant.permissions import require_chat_staff, require_own_chat
from indgang.cases import services as cases
from indgang.cases.constants import CaseChannel
from indgang.cases.forms import CPR_PATTERN
from indgang.cases.models import Case
from indgang.contacts import services as contacts
from indgang.contacts.constants import Channel, Reason, Source
from indgang.contacts.constants import Outcome as ContactOutcome
from indgang.core import audit
from indgang.core.pseudonym import citizen_key
from indgang.identity.queries import staff_label, staff_profile
from indgang.messaging.services import fill_text

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
    Outcome.HANDED_OVER: ContactOutcome.FORWARDED,
    Outcome.BECAME_CASE: ContactOutcome.FORWARDED,
}
# Outcomes a later question no longer changes: a person has the conversation.
SETTLED_BY_STAFF = frozenset({Outcome.BECAME_CASE, Outcome.HANDED_OVER})
MAX_MESSAGE = 2000


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
        if conversation.outcome not in SETTLED_BY_STAFF:
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
    for message in conversation.messages.exclude(author=Author.SYSTEM):
        who = conversation.staff_name if message.author == Author.STAFF else _("Citizen")
        parts.append(f"{who}: {message.text}")
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
    fields = ["outcome", "case_reference"]
    if conversation.live_state == LiveState.WAITING:
        # Nobody took it live: the case replaces the wait.
        conversation.live_state = LiveState.NONE
        fields.append("live_state")
    conversation.save(update_fields=fields)
    if conversation.contact_id is not None:
        contacts.update_outcome(
            conversation.contact_id, outcome=ContactOutcome.FORWARDED, case=case
        )
    return case


# Live chat: the citizen's side -------------------------------------------------


@transaction.atomic
def request_live(conversation: Conversation) -> Conversation:
    """The citizen asks for a person. Only within chat hours and when a member
    of staff is online; the conversation then waits in the chat queue with
    everything asked and answered so far."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.live_state in (LiveState.WAITING, LiveState.LIVE):
        return conversation
    if not conversation.turns.exclude(question="").exists():
        raise ValidationError(_("Ask a question first."))
    if conversation.case_reference:
        raise ValidationError(_("The conversation is already sent to a member of staff."))
    if not queries.live_available():
        raise ValidationError(
            _("Nobody can chat right now. Send the conversation as a message instead.")
        )
    conversation.live_state = LiveState.WAITING
    conversation.live_requested_at = timezone.now()
    conversation.save(update_fields=["live_state", "live_requested_at"])
    return conversation


def _clean_message(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message."))
    if len(text) > MAX_MESSAGE:
        raise ValidationError(_("Write at most %(limit)d characters.") % {"limit": MAX_MESSAGE})
    return text


@transaction.atomic
def citizen_says(conversation: Conversation, text: str, *, anonymous: bool = True) -> ChatMessage:
    """A message from the citizen, while waiting or live. Without login the
    contact form's rule holds: no CPR numbers."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.live_state not in (LiveState.WAITING, LiveState.LIVE):
        raise ValidationError(_("The chat has ended."))
    text = _clean_message(text)
    if anonymous and CPR_PATTERN.search(text):
        raise ValidationError(
            _(
                "Remove the CPR number from your message. Log in with MitID to write "
                "about your own matter."
            )
        )
    return ChatMessage.objects.create(conversation=conversation, author=Author.CITIZEN, text=text)


@transaction.atomic
def citizen_ends(conversation: Conversation) -> Conversation:
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.live_state in (LiveState.WAITING, LiveState.LIVE):
        _end(conversation)
    return conversation


def _end(conversation: Conversation) -> None:
    now = timezone.now()
    conversation.live_state = LiveState.ENDED
    conversation.ended_at = now
    conversation.save(update_fields=["live_state", "ended_at"])
    ChatMessage.objects.create(
        conversation=conversation, author=Author.SYSTEM, notice=LiveState.ENDED
    )


# Live chat: the staff side -----------------------------------------------------


def set_presence(*, actor: Any, online: bool) -> Presence:
    """The "online" switch: only Borgerservice's front desk takes live chats."""
    require_chat_staff(actor)
    presence, _created = Presence.objects.update_or_create(
        user=actor, defaults={"online": online, "seen_at": timezone.now()}
    )
    return presence


def heartbeat(*, actor: Any) -> None:
    """The queue page is open: the member of staff is still there."""
    Presence.objects.filter(user=actor, online=True).update(seen_at=timezone.now())


def read_by_staff(conversation: Conversation, *, actor: Any) -> None:
    """A logged-in citizen's conversation is their personal data: reading it is audited."""
    if conversation.citizen_key:
        audit.citizen_data_viewed_by_key(
            actor,
            conversation.citizen_key,
            f"assistant chat {conversation.started_at:%Y-%m-%d %H:%M}",
            _("live chat"),
        )


@transaction.atomic
def take_over(conversation: Conversation, *, actor: Any) -> Conversation:
    """A member of staff takes a waiting conversation. The citizen is told who
    they now write with; the contact's outcome becomes "handed over"."""
    require_chat_staff(actor)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.live_state == LiveState.LIVE and conversation.staff_id == actor.pk:
        return conversation
    if conversation.live_state != LiveState.WAITING:
        raise ValidationError(_("Another member of staff has taken the conversation, or it ended."))
    profile = staff_profile(actor)
    unit = ""
    if profile is not None:
        unit = profile.team.name if profile.team is not None else profile.administration.name
    conversation.live_state = LiveState.LIVE
    conversation.staff = actor
    conversation.staff_name = actor.first_name or actor.get_username()
    conversation.staff_unit = unit
    conversation.taken_at = timezone.now()
    conversation.outcome = Outcome.HANDED_OVER
    conversation.save(
        update_fields=[
            "live_state",
            "staff",
            "staff_name",
            "staff_unit",
            "taken_at",
            "outcome",
        ]
    )
    ChatMessage.objects.create(
        conversation=conversation, author=Author.SYSTEM, notice=LiveState.LIVE
    )
    if conversation.contact_id is not None:
        contacts.update_outcome(
            conversation.contact_id, outcome=CONTACT_OUTCOME[Outcome.HANDED_OVER]
        )
    read_by_staff(conversation, actor=actor)
    return conversation


@transaction.atomic
def staff_says(conversation: Conversation, text: str, *, actor: Any) -> ChatMessage:
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    require_own_chat(actor, conversation)
    if conversation.live_state != LiveState.LIVE:
        raise ValidationError(_("The chat has ended."))
    return ChatMessage.objects.create(
        conversation=conversation, author=Author.STAFF, text=_clean_message(text)
    )


@transaction.atomic
def staff_ends(conversation: Conversation, *, actor: Any) -> Conversation:
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    require_own_chat(actor, conversation)
    if conversation.live_state == LiveState.LIVE:
        _end(conversation)
    return conversation


def fill_reply(body: str, conversation: Conversation, *, actor: Any) -> str:
    """A case reply template's text for a chat: the same placeholders as on a case."""
    return fill_text(
        body,
        name=_("citizen"),
        reference=conversation.case_reference or _("the chat"),
        caseworker=staff_label(actor)[0],
    )
