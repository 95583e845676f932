"""Live chat: the citizen at /spoerg/chat/, Borgerservice's front desk at
/medarbejder/chat/. htmx asks for new messages every few seconds and appends
them to a live region; without JavaScript an "Opdater" button reloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.assistant import queries, services
from indgang.assistant.constants import POLL_SECONDS, LiveState
from indgang.assistant.forms import ChatForm, StaffChatForm
from indgang.assistant.models import Conversation
from indgang.assistant.permissions import require_chat_staff, require_own_chat
from indgang.assistant.views import _citizen, _conversation
from indgang.identity.queries import staff_profile
from indgang.messaging import queries as messaging

TEMPLATE_PARAM = "svarskabelon"
ACTIVE = (LiveState.WAITING, LiveState.LIVE)


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _seen_key(conversation: Conversation) -> str:
    return f"assistant_seen:{conversation.pk}"


def _mark_seen(request: HttpRequest, conversation: Conversation, last: int) -> None:
    """What this browser has shown, so a poll sends only what is new."""
    request.session[_seen_key(conversation)] = {"after": last, "state": conversation.live_state}


def _chat_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    """The whole conversation as a chat page shows it, marked as shown in this
    browser (the next poll sends only what comes after)."""
    conversation.refresh_from_db()
    chat_messages = list(conversation.messages.all())
    _mark_seen(request, conversation, chat_messages[-1].pk if chat_messages else 0)
    return {
        "conversation": conversation,
        "turns": list(conversation.turns.all()),
        "chat_messages": chat_messages,
        "poll_seconds": POLL_SECONDS,
    }


def _last_pk(conversation: Conversation) -> int:
    last = conversation.messages.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _poll(
    request: HttpRequest, conversation: Conversation, template: str, **extra: Any
) -> HttpResponse:
    """The messages this browser has not shown yet; the status and the
    message form too when the state changed (taken over, ended)."""
    seen = request.session.get(_seen_key(conversation), {"after": 0, "state": ""})
    new = queries.messages_after(conversation, int(seen.get("after", 0)))
    changed = seen.get("state") != conversation.live_state
    if new:
        _mark_seen(request, conversation, new[-1].pk)
    elif changed:
        _mark_seen(request, conversation, int(seen.get("after", 0)))
    context = {
        "conversation": conversation,
        "chat_messages": new,
        "changed": changed,
        "poll_seconds": POLL_SECONDS,
        **extra,
    }
    return render(request, template, context)


def _fresh(form: Any) -> Any:
    # Back in the (replaced) field, ready for the next message.
    form.fields["text"].widget.attrs["autofocus"] = True
    return form


# The citizen -------------------------------------------------------------------


def _citizen_conversation(request: HttpRequest) -> Conversation:
    conversation = _conversation(request)
    if conversation is None or conversation.live_state == LiveState.NONE:
        raise Http404
    return conversation


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    conversation = _conversation(request)
    if conversation is None:
        return redirect("assistant:ask")
    try:
        services.request_live(conversation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assistant:hand-off")
    return redirect("assistant:chat")


def chat(request: HttpRequest) -> HttpResponse:
    conversation = _conversation(request)
    if conversation is None or conversation.live_state == LiveState.NONE:
        return redirect("assistant:ask")
    citizen = _citizen(request)
    form = ChatForm()
    status = 200
    if request.method == "POST":
        form = ChatForm(request.POST)
        if form.is_valid():
            try:
                services.citizen_says(
                    conversation, form.cleaned_data["text"], anonymous=citizen is None
                )
            except ValidationError as error:
                form.add_error("text", error)
        if not form.errors:
            if _htmx(request):
                # A fresh field; the poll right after brings the message.
                response = render(
                    request, "assistant/live/citizen_form.html", {"form": _fresh(ChatForm())}
                )
                response["HX-Trigger"] = "chat-refresh"
                return response
            return redirect("assistant:chat")
        status = 400
        if _htmx(request):
            return render(request, "assistant/live/citizen_form.html", {"form": form})
    return render(
        request,
        "assistant/live/citizen.html",
        {**_chat_context(request, conversation), "form": form, "citizen": citizen},
        status=status,
    )


def chat_poll(request: HttpRequest) -> HttpResponse:
    conversation = _citizen_conversation(request)
    if not _htmx(request):
        return redirect("assistant:chat")
    return _poll(request, conversation, "assistant/live/citizen_poll.html", form=ChatForm())


@require_POST
def end(request: HttpRequest) -> HttpResponse:
    conversation = _citizen_conversation(request)
    services.citizen_ends(conversation)
    return redirect("assistant:chat")


# Borgerservice's front desk ---------------------------------------------------


def _queue_context(request: HttpRequest) -> dict[str, Any]:
    waiting = list(queries.waiting())
    hours = queries.chat_hours()
    return {
        "waiting": waiting,
        "mine": list(queries.live_with(request.user)),
        "online": queries.is_online(request.user),
        "hours": hours.text() if hours is not None else "",
        "poll_seconds": POLL_SECONDS + 2,
    }


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The chat queue; htmx asks for its list again every few seconds, which is
    also the heartbeat that keeps the member of staff online."""
    require_chat_staff(request.user)
    services.heartbeat(actor=request.user)
    context = _queue_context(request)
    # A logged-in citizen's questions are personal data: each read once per session is audited.
    read = set(request.session.get("assistant_queue_read", []))
    for conversation in context["waiting"]:
        if conversation.citizen_key and str(conversation.pk) not in read:
            services.read_by_staff(conversation, actor=request.user)
            read.add(str(conversation.pk))
    request.session["assistant_queue_read"] = sorted(read)[-200:]
    if _htmx(request) and request.GET.get("liste"):
        count = len(context["waiting"])
        context["count_changed"] = request.session.get("assistant_queue_count") != count
        request.session["assistant_queue_count"] = count
        return render(request, "assistant/live/queue_list.html", context)
    request.session["assistant_queue_count"] = len(context["waiting"])
    return render(request, "assistant/live/queue.html", context)


@login_required
@require_POST
def presence(request: HttpRequest) -> HttpResponse:
    online = request.POST.get("online") == "yes"
    services.set_presence(actor=request.user, online=online)
    if online:
        messages.success(request, _("You are online. Citizens can now ask for a live chat."))
    else:
        messages.success(request, _("You are offline. No new live chats are offered for you."))
    return redirect("assistant:staff-queue")


def _staff_conversation(conversation_id: Any) -> Conversation:
    found = queries.conversation(str(conversation_id))
    if found is None or found.live_state == LiveState.NONE:
        raise Http404
    return found


@login_required
@require_POST
def take(request: HttpRequest, conversation_id: Any) -> HttpResponse:
    require_chat_staff(request.user)
    conversation = _staff_conversation(conversation_id)
    try:
        services.take_over(conversation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assistant:staff-queue")
    return redirect("assistant:staff-chat", conversation_id=conversation.pk)


@login_required
def staff_chat(request: HttpRequest, conversation_id: Any) -> HttpResponse:
    conversation = _staff_conversation(conversation_id)
    require_own_chat(request.user, conversation)
    profile = staff_profile(request.user)
    templates = list(messaging.reply_templates(profile.administration_id if profile else None))
    chosen = request.GET.get(TEMPLATE_PARAM, "")
    form = StaffChatForm()
    status = 200
    if request.method == "POST":
        form = StaffChatForm(request.POST)
        if form.is_valid():
            try:
                services.staff_says(conversation, form.cleaned_data["text"], actor=request.user)
            except ValidationError as error:
                form.add_error("text", error)
        if not form.errors:
            if _htmx(request):
                response = render(
                    request,
                    "assistant/live/staff_form.html",
                    {"form": _fresh(StaffChatForm()), "conversation": conversation},
                )
                response["HX-Trigger"] = "chat-refresh"
                return response
            return redirect("assistant:staff-chat", conversation_id=conversation.pk)
        status = 400
        if _htmx(request):
            return render(
                request,
                "assistant/live/staff_form.html",
                {"form": form, "conversation": conversation},
            )
    else:
        template = next((t for t in templates if str(t.pk) == chosen), None)
        if template is not None:
            form = StaffChatForm(
                initial={
                    "text": services.fill_reply(template.body, conversation, actor=request.user)
                }
            )
    services.read_by_staff(conversation, actor=request.user)
    return render(
        request,
        "assistant/live/staff_chat.html",
        {
            **_chat_context(request, conversation),
            "form": form,
            "reply_templates": templates,
            "chosen_template": chosen,
            "template_param": TEMPLATE_PARAM,
        },
        status=status,
    )


@login_required
def staff_poll(request: HttpRequest, conversation_id: Any) -> HttpResponse:
    conversation = _staff_conversation(conversation_id)
    require_own_chat(request.user, conversation)
    services.heartbeat(actor=request.user)
    if not _htmx(request):
        return redirect("assistant:staff-chat", conversation_id=conversation.pk)
    return _poll(request, conversation, "assistant/live/staff_poll.html", form=StaffChatForm())


@login_required
@require_POST
def staff_end(request: HttpRequest, conversation_id: Any) -> HttpResponse:
    conversation = _staff_conversation(conversation_id)
    services.staff_ends(conversation, actor=request.user)
    messages.success(request, _("The chat has ended."))
    return redirect(reverse("assistant:staff-queue"))
