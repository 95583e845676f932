"""Public writes of the messaging app: verbs taking the actor as keyword.

Outgoing messages (staff to citizen) are stored with their MeMo XML, then
delivered by the Digital Post plugin in a task after commit; the citizen
sees a message once it is delivered and is notified then.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indgang.cases import queries as cases_queries
from indgang.cases import services as cases
from indgang.cases.constants import CaseState
from indgang.cases.models import Case
from indgang.cases.permissions import may_handle
from indgang.core import audit, events
from indgang.core.attachments import CheckedFile
from indgang.core.pseudonym import citizen_key
from indgang.identity.queries import staff_label
from indgang.messaging import memo
from indgang.messaging.constants import DeliveryStatus, Direction
from indgang.messaging.models import Attachment, Message, ReplyTemplate, Thread
from indgang.messaging.queries import owns

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from indgang.identity.citizen import CitizenIdentity

    Actor = AbstractBaseUser | AnonymousUser


def _case_subject(case: Case) -> str:
    if case.subject:
        return case.subject
    with translation.override(settings.LANGUAGE_CODE):
        return _("Your inquiry %(reference)s") % {"reference": case.reference}


@transaction.atomic
def ensure_thread(case: Case) -> Thread:
    """The case's thread, created with the case (``cases.create_case``) with the
    citizen's inquiry as its first message; safe to call again."""
    thread = Thread.objects.filter(case=case).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                case=case,
                cpr=case.cpr,
                cvr=case.cvr,
                citizen_name=case.citizen_name,
                subject=_case_subject(case)[:200],
                created_at=case.created_at,
                last_message_at=case.created_at,
            )
    except IntegrityError:  # opened by a concurrent request a moment ago
        return Thread.objects.get(case=case)
    Message.objects.create(
        thread=thread,
        direction=Direction.FROM_CITIZEN,
        author_name=case.citizen_name,
        body=case.text,
        created_at=case.created_at,
        delivery_status=DeliveryStatus.DELIVERED,
        delivered_at=case.created_at,
    )
    return thread


@transaction.atomic
def attach_to_inquiry(case: Case, files: Iterable[CheckedFile]) -> None:
    """Files sent with the contact form belong to the inquiry, the thread's
    first message, so staff see them beside the text."""
    thread = ensure_thread(case)
    first = thread.messages.order_by("created_at", "pk").first()
    assert first is not None
    _store_files(first, files)


def _store_files(message: Message, files: Iterable[CheckedFile]) -> None:
    for file in files:
        Attachment.objects.create(
            message=message,
            name=file.name,
            content_type=file.content_type,
            size=len(file.data),
            data=file.data,
            scan_status=file.scan_status,
        )


# Answers to anonymous general questions go to the e-mail address given.
EMAIL_DELIVERY = "email"


def _outgoing(
    thread: Thread,
    body: str,
    *,
    author: Any = None,
    author_name: str,
    files: Iterable[CheckedFile] = (),
    notify: bool = True,
    source_ref: str | None = None,
    by_email: bool = False,
) -> Message:
    message = Message.objects.create(
        thread=thread,
        direction=Direction.TO_CITIZEN,
        author=author,
        author_name=author_name,
        body=body,
        memo_uuid=None if by_email else uuid.uuid4(),
        notify=notify and not by_email,
        source_ref=source_ref,
        delivery_plugin=EMAIL_DELIVERY if by_email else settings.MESSAGING_DIGITAL_POST,
    )
    _store_files(message, files)
    if not by_email:
        message.memo_xml = memo.to_xml(memo.build(message))
        message.save(update_fields=["memo_xml"])
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    _enqueue_delivery(message)
    return message


def _enqueue_delivery(message: Message) -> None:
    from indgang.messaging.tasks import deliver_message

    message_id = str(message.pk)
    transaction.on_commit(lambda: deliver_message.enqueue(message_id))


@transaction.atomic
def staff_reply(
    case: Case,
    body: str,
    *,
    actor: Actor,
    files: Iterable[CheckedFile] = (),
    await_citizen: bool = False,
) -> Message:
    """Send a caseworker's reply to the case's citizen.

    A routed case moves to "in progress"; with ``await_citizen`` it then waits
    for the citizen (the deadline pauses). The message goes out as MeMo
    through the Digital Post plugin after commit.
    """
    if not may_handle(actor, case):
        raise PermissionDenied(_("This case belongs to another administration."))
    files = list(files)
    by_email = not case.cpr and not case.cvr
    if by_email and not case.reply_email:
        raise ValidationError(_("The case has no citizen to write to."))
    if by_email and files:
        # A general question is answered by plain e-mail, not Digital Post.
        raise ValidationError(_("An answer by e-mail cannot carry attachments."))
    thread = ensure_thread(case)
    name, _administration = staff_label(actor)
    message = _outgoing(
        thread, body, author=actor, author_name=name, files=files, by_email=by_email
    )
    cases.record_message(case, outgoing=True, actor=actor)
    case.refresh_from_db(fields=["state"])
    if case.state == CaseState.ROUTED:
        case = cases.transition(case, CaseState.IN_PROGRESS, actor=actor)
    if await_citizen:
        cases.transition(case, CaseState.AWAITING_CITIZEN, actor=actor)
    if by_email:  # an anonymous question: no citizen's data involved
        return message
    audit.citizen_data_changed(
        actor,
        case.cpr,
        f"case {case.reference}: message sent to the citizen",
        _("case handling"),
        object_ref=f"case:{case.reference}",
    )
    return message


@transaction.atomic
def citizen_reply(
    thread: Thread, body: str, *, citizen: CitizenIdentity, files: Iterable[CheckedFile] = ()
) -> Message:
    """The citizen answers in their thread; a case awaiting the citizen resumes."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not owns(citizen, thread):
        raise PermissionDenied
    case = thread.case
    if case is None:
        raise ValidationError(_("You cannot reply to this message."))
    if case.state == CaseState.CLOSED:
        raise ValidationError(
            _("The case is closed, so you cannot reply here. Write a new message instead.")
        )
    message = Message.objects.create(
        thread=thread,
        direction=Direction.FROM_CITIZEN,
        author_name=citizen.display_name[:200],
        body=body,
        delivery_status=DeliveryStatus.DELIVERED,
        delivered_at=timezone.now(),
    )
    _store_files(message, files)
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    cases.record_message(case, outgoing=False)
    if case.state == CaseState.AWAITING_CITIZEN:
        # The citizen is not staff: the state machine records it as the system.
        cases.transition(case, CaseState.IN_PROGRESS, actor=None)
    events.publish(
        events.CitizenMessageReceived(
            message_id=str(message.pk), cpr=citizen.cpr, case_id=case.pk, at=message.created_at
        )
    )
    return message


@transaction.atomic
def mark_read(thread: Thread, *, citizen: CitizenIdentity) -> list[str]:
    """The recipient opened the thread: every delivered message to them is read now.

    Returns the ids of the messages that were unread until now. Only the
    citizen (or someone acting for the business) who owns the thread can
    mark it; staff reading a thread never do.
    """
    if not owns(citizen, thread):
        raise PermissionDenied
    unread = thread.messages.filter(
        direction=Direction.TO_CITIZEN,
        delivery_status=DeliveryStatus.DELIVERED,
        read_at__isnull=True,
    )
    ids = [str(pk) for pk in unread.values_list("pk", flat=True)]
    unread.update(read_at=timezone.now())
    return ids


@transaction.atomic
def copy_receipt(
    *, cpr: str, reference: str, title: str, source_ref: str, case_source_ref: str = ""
) -> Message:
    """A copy of a self-service receipt in the citizen's messages, idempotent per
    ``source_ref``. It goes into the thread of the case the submission opened
    (found by the case's ``source_ref``), or into a thread of its own."""
    existing = Message.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        return existing
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Receipt: %(title)s (%(reference)s)") % {"title": title, "reference": reference}
        body = _(
            "We have received your application: %(title)s.\n"
            "Your receipt number is %(reference)s.\n\n"
            "Keep this message. You can also see the receipt on My page."
        ) % {"title": title, "reference": reference}
    case = None
    if case_source_ref and cpr:
        case = (
            cases_queries.cases_of_citizen(citizen_key(cpr))
            .filter(source_ref=case_source_ref)
            .first()
        )
    if case is not None:
        thread = ensure_thread(case)
    else:
        thread = Thread.objects.create(cpr=cpr, subject=subject[:200])
    return _outgoing(
        thread,
        body,
        author_name="",
        notify=False,
        source_ref=source_ref,
    )


@transaction.atomic
def redeliver(message: Message, *, actor: Actor) -> Message:
    """Staff send a failed message again."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    case = message.thread.case
    if case is None or not may_handle(actor, case):
        raise PermissionDenied(_("This case belongs to another administration."))
    if message.delivery_status != DeliveryStatus.FAILED:
        raise ValidationError(_("Only a message that failed can be sent again."))
    message.delivery_status = DeliveryStatus.CREATED
    message.delivery_attempts = 0
    fields = ["delivery_status", "delivery_attempts"]
    if message.memo_uuid is not None:
        # Built again (same UUID), so a message stored by an older version
        # with text MeMo cannot hold is fixed by sending it again.
        message.memo_xml = memo.to_xml(memo.build(message))
        fields.append("memo_xml")
    message.save(update_fields=fields)
    _enqueue_delivery(message)
    return message


def enqueue_stalled(before: dt.datetime) -> int:
    """Enqueue delivery again for outgoing messages stuck in "created" or
    "sending" since before ``before`` (a worker died mid-delivery)."""
    from django_tasks_db.models import DBTaskResult

    stalled = Message.objects.filter(
        direction=Direction.TO_CITIZEN,
        delivery_status__in=[DeliveryStatus.CREATED, DeliveryStatus.SENDING],
        created_at__lt=before,
    )
    # A message whose delivery task is still queued or running (a worker picks
    # up a task a killed worker left running) gets no second task.
    pending = {
        args["args"][0]
        for args in DBTaskResult.objects.filter(
            task_path="indgang.messaging.tasks.deliver_message", status__in=["READY", "RUNNING"]
        ).values_list("args_kwargs", flat=True)
        if args.get("args")
    }
    count = 0
    for message in stalled:
        if str(message.pk) in pending:
            continue
        with transaction.atomic():
            _enqueue_delivery(message)
        count += 1
    return count


@transaction.atomic
def purge(*, older_than_days: int, dry_run: bool = False) -> dict[str, int]:
    """Delete the threads whose case's personal data has been purged (cases'
    retention), and threads without a case (receipt copies) whose last message
    is older than ``older_than_days``. Returns counts; ``dry_run`` deletes nothing."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    threads = Thread.objects.filter(
        Q(case__purged_at__isnull=False) | Q(case__isnull=True, last_message_at__lt=cutoff)
    )
    counts = {
        "threads": threads.count(),
        "messages": Message.objects.filter(thread__in=threads).count(),
        "attachments": Attachment.objects.filter(message__thread__in=threads).count(),
    }
    if not dry_run:
        Thread.objects.filter(pk__in=list(threads.values_list("pk", flat=True))).delete()
    return counts


def fill_template(template: ReplyTemplate, case: Case, actor: Actor) -> str:
    """The template's text with the citizen's name, the case number and the caseworker."""
    return fill_text(
        template.body,
        name=case.citizen_name or _("citizen"),
        reference=case.reference,
        caseworker=staff_label(actor)[0],
    )


def fill_text(body: str, *, name: str, reference: str, caseworker: str) -> str:
    """A reply template's placeholders filled (also used for live chats)."""
    values = {"name": name, "reference": reference, "caseworker": caseworker}
    for key, value in values.items():
        body = body.replace("{" + key + "}", value)
    return body
