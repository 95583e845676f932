"""Staff case pages under /medarbejder/sager/ and the citizens' secure contact form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indgang.cases import panels, queries, services
from indgang.cases.constants import TRANSITIONS, CaseChannel, CaseState
from indgang.cases.forms import (
    AnonymousContactForm,
    AssignForm,
    ContactForm,
    NoteForm,
    TransferForm,
    TransitionForm,
)
from indgang.cases.models import Case
from indgang.cases.permissions import (
    case_for_staff,
    handles_cases,
    is_triage_staff,
    may_handle,
)
from indgang.catalogue import queries as catalogue
from indgang.core import audit, ratelimit
from indgang.core.models import Administration
from indgang.identity.decorators import citizen_required
from indgang.identity.queries import staff_profile
from indgang.registers import queries as registers

VIEWS = [
    (queries.View.TEAM, gettext_lazy("My team")),
    (queries.View.MINE, gettext_lazy("Mine")),
    (queries.View.DUE_SOON, gettext_lazy("Due soon")),
    (queries.View.OVERDUE, gettext_lazy("Overdue")),
    (queries.View.ALL, gettext_lazy("All open")),
    (queries.View.NEW, gettext_lazy("New")),
    (queries.View.AWAITING, gettext_lazy("Awaiting the citizen")),
    (queries.View.REOPENED, gettext_lazy("Reopened by a survey")),
]


def case_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not handles_cases(request.user):
            raise PermissionDenied(_("Only caseworkers and front desk staff handle cases."))
        return view(request, *args, **kwargs)

    return wrapper


def _case(request: HttpRequest, reference: str) -> Case:
    return case_for_staff(request.user, reference)


@case_staff
def queue(request: HttpRequest) -> HttpResponse:
    profile = staff_profile(request.user)
    assert profile is not None
    current = request.GET.get("vis", queries.View.TEAM)
    if current not in dict(VIEWS):
        current = queries.View.TEAM
    cases = queries.queue(
        administration=profile.administration_id,
        view=current,
        team_id=profile.team_id,
        user=request.user,
    )
    return render(
        request,
        "cases/queue.html",
        {
            "cases": cases[:200],
            "views": VIEWS,
            "current": current,
            "profile": profile,
            "triage": is_triage_staff(request.user),
            "due_soon": queries.due_soon_limit(),
        },
    )


@case_staff
def triage_queue(request: HttpRequest) -> HttpResponse:
    if not is_triage_staff(request.user):
        raise PermissionDenied(_("Only central triage routes unrouted cases."))
    cases = list(queries.triage_queue()[:200])
    names = dict(Administration.objects.values_list("code", "name"))
    for case in cases:
        case.suggestion_rows = _suggestion_rows(case, names)  # type: ignore[attr-defined]
    return render(request, "cases/triage.html", {"cases": cases})


def _suggestion_rows(case: Case, names: dict[str, str]) -> list[dict[str, Any]]:
    """Triage suggestions for the screen: administration name, share and KLE topic."""
    rows = []
    for suggestion in case.suggestions:
        code, probability = suggestion[0], suggestion[1]
        rows.append(
            {
                "administration": names.get(code, code),
                "percent": round(probability * 100),
                "kle": suggestion[2] if len(suggestion) > 2 else None,
                "kle_title": suggestion[3] if len(suggestion) > 3 else "",
            }
        )
    return rows


@case_staff
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if case.cpr:
        audit.citizen_data_viewed(
            request.user,
            case.cpr,
            f"case {case.reference}: inquiry and identity",
            _("case handling"),
        )
    context = workspace_context(request, case)
    if request.GET.get("vis") == "cpr" and case.cpr:
        audit.citizen_data_viewed(
            request.user, case.cpr, f"case {case.reference}: CPR number", _("case handling")
        )
        context["show_cpr"] = True
    return render(request, WORKSPACE_TEMPLATE, context)


# The case workspace: the conversation beside a panel of facts and actions.
WORKSPACE_TEMPLATE = "cases/case_workspace.html"
# Where focus goes back after an action (the id of the part of the page acted on).
FOCUS_TARGETS = frozenset(
    {"status-heading", "people-heading", "messages-heading", "notes-heading", "recontact-heading"}
)


def _timeline(case: Case, panel: dict[str, Any]) -> list[tuple[str, Any]]:
    """Messages and internal notes in the order they happened."""
    items: list[tuple[Any, str, Any]] = [
        (m.created_at, "message", m) for m in panel["thread_messages"]
    ]
    items += [(n.at, "note", n) for n in case.notes.select_related("author")]
    return [(kind, obj) for _at, kind, obj in sorted(items, key=lambda item: item[0])]


def workspace_context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    """The case workspace's context; another app's form with errors (e.g. the
    reply's ``message_panel``) takes the place of the empty one."""
    # Panels other apps add (messaging: the thread and the reply box).
    added = panels.context(request, case)
    if forms.get("message_panel"):
        added["message_panel"] = forms.pop("message_panel")
    panel = added.get("message_panel") or {"thread": None, "thread_messages": []}
    today = timezone.localdate()
    return {
        **added,
        "message_panel": panel,
        "timeline": _timeline(case, panel),
        "transitions": [
            (state, label)
            for state, label in CaseState.choices
            if state in TRANSITIONS.get(case.state, frozenset())
        ],
        "overdue": bool(
            case.deadline
            and case.deadline < today
            and case.state not in (CaseState.AWAITING_CITIZEN, CaseState.RESOLVED, CaseState.CLOSED)
        ),
        "recontacts": list(case.recontacts.all()),
        "history": [(event, queries.event_text(event)) for event in case.events.all()],
        "case": case,
        "business": registers.business(case.cvr) if case.cvr else None,
        "events": case.events.all(),
        "notes": case.notes.select_related("author"),
        "transition_form": forms.get("transition_form") or TransitionForm(case=case),
        "note_form": forms.get("note_form") or NoteForm(),
        "transfer_form": forms.get("transfer_form") or TransferForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            staff=queries.assignable_staff(case) if case.administration_id else [],
            initial={"assignee": case.assignee_id or ""},
        ),
        "triage_form": forms.get("triage_form") or TransferForm(prefix="triage"),
        "open": case.state not in (CaseState.CLOSED,),
        "suggestions": _suggestion_rows(
            case, dict(Administration.objects.values_list("code", "name"))
        ),
    }


def _done(request: HttpRequest, case: Case, text: str) -> HttpResponse:
    messages.success(request, text)
    if may_handle(request.user, case):
        focus = request.POST.get("focus", "")
        fragment = f"#{focus}" if focus in FOCUS_TARGETS else ""
        return redirect(reverse("cases:detail", args=[case.reference]) + fragment)
    return redirect("cases:queue")


def _invalid(
    request: HttpRequest, case: Case, error: str | None = None, **forms: Any
) -> HttpResponse:
    if error:
        messages.error(request, error)
    context = workspace_context(request, case, **forms)
    return render(request, WORKSPACE_TEMPLATE, context, status=400)


@require_POST
@case_staff
def change_state(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = TransitionForm(request.POST, case=case)
    if not form.is_valid():
        return _invalid(request, case, transition_form=form)
    try:
        services.transition(case, form.cleaned_data["state"], actor=request.user)
    except ValidationError as error:
        return _invalid(request, case, " ".join(error.messages))
    return _done(request, case, _("The state is changed."))


@require_POST
@case_staff
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if "me" in request.POST:
        assignee: Any = request.user
    else:
        form = AssignForm(request.POST, staff=queries.assignable_staff(case))
        if not form.is_valid():
            return _invalid(request, case, assign_form=form)
        assignee = form.staff.get(form.cleaned_data["assignee"] or "")
    try:
        services.assign(case, assignee, actor=request.user)
    except ValidationError as error:
        return _invalid(request, case, " ".join(error.messages))
    return _done(request, case, _("The case is assigned."))


@require_POST
@case_staff
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, note_form=form)
    services.add_note(case, form.cleaned_data["text"], actor=request.user)  # type: ignore[arg-type]
    return _done(request, case, _("The note is saved."))


@require_POST
@case_staff
def transfer(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = TransferForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, transfer_form=form)
    try:
        case = services.transfer(
            case, form.cleaned_data["team"], actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _invalid(request, case, " ".join(error.messages))
    return _done(request, case, _("The case is transferred."))


@require_POST
@case_staff
def triage(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = TransferForm(request.POST, prefix="triage")
    if not form.is_valid():
        return _invalid(request, case, triage_form=form)
    try:
        services.triage(case, form.cleaned_data["team"], actor=request.user)
    except ValidationError as error:
        return _invalid(request, case, " ".join(error.messages))
    messages.success(request, _("The case is routed."))
    return redirect("cases:triage")


@require_POST
@case_staff
def recontact(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    try:
        if request.POST.get("decision") == "confirm":
            services.confirm_recontact(case, actor=request.user)
        else:
            services.undo_recontact(case, actor=request.user)
    except ValidationError as error:
        return _invalid(request, case, " ".join(error.messages))
    return _done(request, case, _("The re-contact link is updated."))


# Citizens ---------------------------------------------------------------------


def _selfservice_offer(text: str) -> Any:
    for service in catalogue.search(text, limit=5):
        if service.selfservice_url:
            return service
    return None


def contact(request: HttpRequest) -> HttpResponse:
    """Logged in: the secure contact form. Not logged in: general questions only."""
    citizen = getattr(request, "citizen", None)
    if citizen is None:
        return anonymous_contact(request)
    form = ContactForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        declined = request.POST.get("declined", "")
        # Someone who attaches documents has a matter for a caseworker; the
        # offer would also make them upload the files again.
        offer = (
            None
            if declined or form.checked_files
            else _selfservice_offer(form.cleaned_data["text"])
        )
        if offer is not None:
            return render(request, "cases/contact.html", {"form": form, "offer": offer})
        # Routing (the classifier) runs before the write transaction, so the
        # database's write lock is held only for the writes themselves.
        route = services.route_inquiry(form.cleaned_data["text"], form.cleaned_data["topic"])
        with transaction.atomic():
            case = services.create_case(
                cpr=citizen.cpr,
                cvr=citizen.cvr,
                citizen_name=citizen.display_name,
                text=form.cleaned_data["text"],
                subject=form.cleaned_data["subject"],
                topic_slug=form.cleaned_data["topic"] or None,
                files=form.checked_files,
                route=route,
            )
        if declined:
            services.record_selfservice_offer(service_slug=declined, taken=False, case=case)
        request.session["cases_sent"] = case.reference
        return redirect("cases:contact-sent")
    return render(request, "cases/contact.html", {"form": form, "citizen": citizen})


RATE_SCOPE = "cases:anonymous"


def _over_rate_limit(request: HttpRequest) -> bool:
    return ratelimit.over_limit(request, RATE_SCOPE, settings.CASES_ANONYMOUS_PER_HOUR)


def _count_message(request: HttpRequest) -> int:
    return ratelimit.count(request, RATE_SCOPE)


def anonymous_contact(request: HttpRequest) -> HttpResponse:
    form = AnonymousContactForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        if _over_rate_limit(request):
            context["limited"] = True
            return render(request, "cases/contact_anonymous.html", context, status=429)
        if form.is_valid():
            if _count_message(request) > settings.CASES_ANONYMOUS_PER_HOUR:
                context["limited"] = True
                return render(request, "cases/contact_anonymous.html", context, status=429)
            if form.is_bot():
                # Look like success to the bot; store nothing.
                request.session["cases_sent"] = "-"
                return redirect("cases:contact-sent")
            case = services.create_case(
                cpr="",
                text=form.cleaned_data["text"],
                reply_email=form.cleaned_data["email"],
                channel=CaseChannel.ANONYMOUS_FORM,
            )
            request.session["cases_sent"] = case.reference
            return redirect("cases:contact-sent")
    return render(request, "cases/contact_anonymous.html", context)


@require_POST
@citizen_required
def take_offer(request: HttpRequest) -> HttpResponse:
    service = catalogue.service(request.POST.get("service", ""))
    if service is None or not service.selfservice_url:
        raise Http404
    services.record_selfservice_offer(service_slug=service.slug, taken=True)
    return redirect(service.selfservice_url)


def contact_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("cases_sent")
    if not reference:
        return redirect("cases:contact")
    case = queries.case(reference) if reference != "-" else None
    return render(
        request,
        "cases/contact_sent.html",
        {
            "reference": reference if reference != "-" else "",
            "citizen": request.citizen,  # type: ignore[attr-defined]
            # Only the citizen's own case (the session holds its number):
            # when the answer is due, and where the conversation continues.
            "deadline": queries.promised_answer(case) if case and case.cpr else None,
            "owned": bool(case and case.cpr),
        },
    )
