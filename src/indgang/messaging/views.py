"""The citizen's inbox under /beskeder/ and the caseworker's replies on the case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.cases.constants import CaseState
from indgang.cases.models import Case
from indgang.cases.permissions import case_for_staff, handles_cases
from indgang.cases.views import WORKSPACE_TEMPLATE, workspace_context
from indgang.core import audit
from indgang.identity.citizen import CitizenIdentity
from indgang.identity.decorators import citizen_required
from indgang.messaging import queries, services
from indgang.messaging.constants import DeliveryStatus, Direction
from indgang.messaging.forms import MessageForm, ReplyForm
from indgang.messaging.models import Attachment, Thread

TEMPLATE_PARAM = "svarskabelon"


def _download(attachment: Attachment) -> HttpResponse:
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Citizens ---------------------------------------------------------------------


def _citizen(request: HttpRequest) -> CitizenIdentity:
    citizen: CitizenIdentity = request.citizen  # type: ignore[attr-defined]
    return citizen


def _thread(request: HttpRequest, thread_id: str) -> Thread:
    thread = queries.thread_of_citizen(_citizen(request), thread_id)
    if thread is None:
        # Someone else's thread looks exactly like one that does not exist.
        raise Http404
    return thread


@citizen_required
def inbox(request: HttpRequest) -> HttpResponse:
    threads = queries.threads_for(_citizen(request))[:200]
    return render(
        request,
        "messaging/inbox.html",
        {"threads": threads, "unread": sum(t.unread for t in threads)},  # type: ignore[attr-defined]
    )


def _thread_context(thread: Thread, form: MessageForm, new: list[str]) -> dict[str, Any]:
    case = thread.case
    return {
        "thread": thread,
        "thread_messages": queries.visible_to_citizen(thread),
        "form": form,
        "new": new,
        "can_reply": case is not None and case.state != CaseState.CLOSED,
        "closed": case is not None and case.state == CaseState.CLOSED,
    }


@citizen_required
def thread(request: HttpRequest, thread_id: str) -> HttpResponse:
    citizen = _citizen(request)
    current = _thread(request, str(thread_id))
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.citizen_reply(
                    current, form.cleaned_data["body"], citizen=citizen, files=form.checked_files
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your message is sent."))
                return redirect("messaging:thread", thread_id=current.pk)
        return render(
            request, "messaging/thread.html", _thread_context(current, form, []), status=400
        )
    new = services.mark_read(current, citizen=citizen)
    return render(request, "messaging/thread.html", _thread_context(current, MessageForm(), new))


@citizen_required
def attachment(request: HttpRequest, thread_id: str, attachment_id: str) -> HttpResponse:
    current = _thread(request, str(thread_id))
    found = queries.attachment_in_thread(current, str(attachment_id))
    if found is None or not (
        found.message.direction == Direction.FROM_CITIZEN
        or found.message.delivery_status == DeliveryStatus.DELIVERED
    ):
        raise Http404
    return _download(found)


# Staff ------------------------------------------------------------------------


def _staff_case(request: HttpRequest, reference: str) -> Case:
    if not handles_cases(request.user):
        raise PermissionDenied(_("Only caseworkers and front desk staff handle cases."))
    return case_for_staff(request.user, reference, part="messages")


def case_panel(request: HttpRequest, case: Case, form: ReplyForm | None = None) -> dict[str, Any]:
    """The messages panel on the staff case page (the caller has checked access).

    Reading the thread is audited; it never marks anything as read. A reply
    template chosen with ``?svarskabelon=<id>`` fills the reply box, so
    picking one works without JavaScript.
    """
    # An anonymous general question is answered by e-mail when it gave one.
    by_email = not case.cpr and not case.cvr
    thread = queries.thread_of_case(case.pk)
    if thread is not None and case.cpr:
        audit.citizen_data_viewed(
            request.user, case.cpr, f"case {case.reference}: messages", _("case handling")
        )
    templates = list(queries.reply_templates(case.administration_id))
    chosen = request.GET.get(TEMPLATE_PARAM, "")
    if form is None:
        initial: dict[str, Any] = {}
        template = next((t for t in templates if str(t.pk) == chosen), None)
        if template is not None:
            initial["body"] = services.fill_template(template, case, request.user)
        form = ReplyForm(initial=initial, prefix="reply")
    return {
        "case": case,
        "thread": thread,
        "thread_messages": queries.messages_for_staff(thread) if thread else [],
        "reply_form": form,
        "reply_templates": templates,
        "chosen_template": chosen,
        "template_param": TEMPLATE_PARAM,
        "can_await": case.state in (CaseState.ROUTED, CaseState.IN_PROGRESS),
        "by_email": by_email,
    }


@login_required
@require_POST
def reply(request: HttpRequest, reference: str) -> HttpResponse:
    case = _staff_case(request, reference)
    form = ReplyForm(request.POST, request.FILES, prefix="reply")
    if form.is_valid():
        try:
            services.staff_reply(
                case,
                form.cleaned_data["body"],
                actor=request.user,
                files=form.checked_files,
                await_citizen=form.cleaned_data["await_citizen"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reply is sent to the citizen."))
            return redirect(reverse("cases:detail", args=[case.reference]) + "#messages-heading")
    case.refresh_from_db()
    # Back on the case workspace, with the error and the text in the reply box.
    context = workspace_context(request, case, message_panel=case_panel(request, case, form))
    return render(request, WORKSPACE_TEMPLATE, context, status=400)


@login_required
def staff_attachment(request: HttpRequest, reference: str, attachment_id: str) -> HttpResponse:
    case = _staff_case(request, reference)
    current = queries.thread_of_case(case.pk)
    found = queries.attachment_in_thread(current, str(attachment_id)) if current else None
    if found is None:
        raise Http404
    audit.citizen_data_viewed(
        request.user,
        case.cpr,
        f"case {case.reference}: attachment {found.name}",
        _("case handling"),
    )
    return _download(found)


@login_required
@require_POST
def redeliver(request: HttpRequest, reference: str, message_id: str) -> HttpResponse:
    case = _staff_case(request, reference)
    current = queries.thread_of_case(case.pk)
    message = current.messages.filter(pk=message_id).first() if current else None
    if message is None:
        raise Http404
    try:
        services.redeliver(message, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message is being sent again."))
    return redirect(reverse("cases:detail", args=[case.reference]) + "#messages-heading")
