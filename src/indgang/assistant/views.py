"""Spørg kommunen at /spoerg/: one question and answer per page load
without JavaScript; with htmx the answer is added in place to a live region."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.assistant import queries, services
from indgang.assistant.forms import AskForm, HandOffForm
from indgang.assistant.models import Conversation
from indgang.catalogue import referrals as referral_queries
from indgang.core import ratelimit
from indgang.core.pseudonym import citizen_key

SESSION_KEY = "assistant_conversation"
RATE_SCOPE = "assistant:questions"


def _citizen(request: HttpRequest) -> Any:
    return getattr(request, "citizen", None)


def _conversation(request: HttpRequest) -> Conversation | None:
    found = queries.conversation(request.session.get(SESSION_KEY, ""))
    if found is None:
        return None
    # A conversation begun logged in is not shown to the next anonymous visitor.
    citizen = _citizen(request)
    if found.citizen_key and (citizen is None or found.citizen_key != citizen_key(citizen.cpr)):
        return None
    return found


def _staff_hours() -> str:
    hours = queries.chat_hours()
    return hours.text() if hours is not None else ""


def _context(request: HttpRequest, form: AskForm, **extra: Any) -> dict[str, Any]:
    conversation = _conversation(request)
    return {
        "form": form,
        "conversation": conversation,
        "turns": list(conversation.turns.all()) if conversation else [],
        "citizen": _citizen(request),
        # Offered only within chat hours and when a member of staff is online.
        "live_available": bool(conversation) and queries.live_available(),
        **extra,
    }


def ask(request: HttpRequest) -> HttpResponse:
    citizen = _citizen(request)
    partial = request.headers.get("HX-Request") == "true"
    if request.method != "POST":
        return render(
            request, "assistant/ask.html", _context(request, AskForm(anonymous=citizen is None))
        )
    form = AskForm(request.POST, anonymous=citizen is None)
    per_hour = settings.ASSISTANT_QUESTIONS_PER_HOUR
    limited = ratelimit.over_limit(request, RATE_SCOPE, per_hour)
    valid = not limited and form.is_valid()
    # Counted in one atomic step, so questions sent at once cannot all slip under the limit.
    if valid and ratelimit.count(request, RATE_SCOPE) > per_hour:
        limited, valid = True, False
    if not valid:
        context = _context(request, form, limited=limited)
        if partial:
            # The form, with its errors, replaces itself; the conversation stays.
            response = render(request, "assistant/includes/form.html", context)
            response["HX-Retarget"] = "#assistant-form"
            response["HX-Reswap"] = "innerHTML"
            return response
        return render(request, "assistant/ask.html", context, status=429 if limited else 400)
    conversation, answer = services.ask(
        form.cleaned_data["question"],
        lang=None,
        citizen=citizen,
        conversation=_conversation(request),
    )
    request.session[SESSION_KEY] = str(conversation.pk)
    turn = conversation.turns.last()
    fresh = AskForm(anonymous=citizen is None)
    # Back in the (replaced) field, ready for the next question.
    fresh.fields["question"].widget.attrs["autofocus"] = True
    context = {
        "turn": turn,
        "answer": answer,
        "conversation": conversation,
        "form": fresh,
        "live_available": queries.live_available(),
    }
    if partial:
        return render(request, "assistant/includes/answer_swap.html", context)
    return render(
        request,
        "assistant/ask.html",
        _context(request, AskForm(anonymous=citizen is None), answer=answer, latest_turn=turn),
    )


@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("assistant:ask")


@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    conversation = _conversation(request)
    if conversation is not None and request.POST.get("helped") in ("yes", "no"):
        services.record_feedback(conversation, helped=request.POST["helped"] == "yes")
    if request.headers.get("HX-Request") == "true":
        return render(request, "assistant/includes/thanks.html")
    messages.success(request, _("Thank you. Your answer helps us improve the answers."))
    return redirect("assistant:ask")


def hand_off(request: HttpRequest) -> HttpResponse:
    citizen = _citizen(request)
    conversation = _conversation(request)
    form = HandOffForm(request.POST or None, anonymous=citizen is None)
    context: dict[str, Any] = {
        "form": form,
        "conversation": conversation,
        "transcript": services.transcript(conversation) if conversation else "",
        "citizen": citizen,
        "staff_hours": _staff_hours(),
        "live_available": conversation is not None
        and not conversation.case_reference
        and queries.live_available(),
    }
    if request.method == "POST" and conversation is not None and form.is_valid():
        try:
            case = services.hand_off(
                conversation,
                citizen=citizen,
                email=form.cleaned_data.get("email", ""),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["assistant_case"] = case.reference
            request.session.pop(SESSION_KEY, None)
            return redirect("assistant:handed-off")
    return render(request, "assistant/hand_off.html", context, status=400 if form.errors else 200)


def handed_off(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("assistant_case")
    if not reference:
        return redirect("assistant:ask")
    return render(
        request, "assistant/handed_off.html", {"reference": reference, "citizen": _citizen(request)}
    )


def referrals(request: HttpRequest) -> HttpResponse:
    return render(request, "assistant/referrals.html", {"referrals": referral_queries.referrals()})


def staff_figures(request: HttpRequest) -> HttpResponse:
    """The figures moved to insights (/medarbejder/indsigt/spoerg-kommunen/)."""
    return redirect("insights:assistant")
