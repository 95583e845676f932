"""Citizen pages: start a service, one step per page, "Tjek dine svar", receipt.

Every page is a plain GET/POST form, so the flow works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.identity.citizen import CitizenIdentity, require_level_of_assurance
from indgang.identity.decorators import citizen_required
from indgang.registers import queries as registers
from indgang.selfservice import assisted, engine, queries, services
from indgang.selfservice.models import Draft
from indgang.selfservice.pdf import render_pdf

BACK_TO_CHECK = "tilbage"


def _citizen(request: HttpRequest) -> CitizenIdentity:
    citizen: CitizenIdentity = request.citizen  # type: ignore[attr-defined]
    return citizen


class _AlreadySent(Exception):
    def __init__(self, submission_id: Any) -> None:
        super().__init__(submission_id)
        self.submission_id = submission_id


def _receipt_when_sent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of a draft the citizen has already sent (the browser's reload
    of "Tjek dine svar", a second click on "Send", the back button) leads to
    the receipt instead of "Siden findes ikke"."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _AlreadySent as sent:
            return redirect("selfservice:receipt", sent.submission_id)

    return wrapper


def _draft(request: HttpRequest, draft_id: str) -> Draft:
    cpr = _citizen(request).cpr
    draft = queries.draft_of(cpr, str(draft_id))
    if draft is None:
        submission = queries.submission_from_draft(cpr, str(draft_id))
        if submission is not None:
            raise _AlreadySent(submission.id)
        raise Http404
    require_level_of_assurance(request, engine.level_of_assurance(draft.definition.definition))
    return draft


@dataclass(frozen=True)
class Mode:
    """Citizen pages or staff pages ("medbetjening") over the same steps."""

    staff: bool = False

    def step_url(self, draft: Draft, step_id: str) -> str:
        name = "selfservice:assist-step" if self.staff else "selfservice:step"
        return reverse(name, args=[draft.id, step_id])

    def check_url(self, draft: Draft) -> str:
        name = "selfservice:assist-check" if self.staff else "selfservice:check"
        return reverse(name, args=[draft.id])


CITIZEN = Mode()
STAFF = Mode(staff=True)


def _indicator(
    mode: Mode, draft: Draft, active: list[engine.Step], current: str
) -> list[dict[str, Any]]:
    items = [
        {
            "title": engine.text(step["title"]),
            "url": mode.step_url(draft, step["id"]),
            "done": step["id"] in draft.completed_steps,
            "current": step["id"] == current,
        }
        for step in active
    ]
    all_done = all(item["done"] for item in items)
    items.append(
        {
            "title": _("Check your answers"),
            "url": mode.check_url(draft) if all_done else "",
            "done": False,
            "current": current == engine.CHECK_PAGE,
        }
    )
    return items


def _attached(draft: Draft, items: list[engine.Field]) -> dict[str, list[dict[str, Any]]]:
    """The draft's files, read only for a step that has a file field."""
    if not any(item["type"] == "file" for item in items):
        return {}
    return queries.attached_files(draft)


def _first_unfinished(mode: Mode, draft: Draft, active: list[engine.Step]) -> str:
    for step in active:
        if step["id"] not in draft.completed_steps:
            return mode.step_url(draft, step["id"])
    return mode.check_url(draft)


def service_list(request: HttpRequest) -> HttpResponse:
    definitions = [
        {"slug": d.slug, "title": engine.text(d.definition["title"])} for d in queries.services()
    ]
    return render(request, "selfservice/list.html", {"services": definitions})


@citizen_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    definition = queries.current_definition(slug)
    if definition is None:
        raise Http404
    # Each service may need more than the site's minimum (NSIS substantial).
    require_level_of_assurance(request, engine.level_of_assurance(definition.definition))
    if _citizen(request).acting_for_child and not queries.allows_acting_for_child(definition):
        raise PermissionDenied(
            _("This service cannot be used for a child. Act for yourself on My page.")
        )
    cpr = _citizen(request).cpr
    if request.method == "POST":
        draft = services.start_draft(definition, cpr=cpr)
        active = engine.active_steps(definition.definition, services.context(draft))
        return redirect(_first_unfinished(CITIZEN, draft, active))
    ctx = engine.Context(person=registers.person(cpr), answers={})
    engine.compute(definition.definition, ctx)
    return render(
        request,
        "selfservice/start.html",
        {
            "title": engine.text(definition.definition["title"]),
            "intro": engine.text(definition.definition.get("intro", "")),
            "notices": engine.notices(definition.definition, ctx, "start"),
            "drafts": queries.open_drafts(cpr).filter(definition__slug=slug),
        },
    )


@citizen_required
@_receipt_when_sent
def resume(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    active = engine.active_steps(draft.definition.definition, services.context(draft))
    return redirect(_first_unfinished(CITIZEN, draft, active))


@citizen_required
@_receipt_when_sent
def step(request: HttpRequest, draft_id: str, step_id: str) -> HttpResponse:
    return step_page(request, _draft(request, draft_id), step_id, CITIZEN)


def step_page(request: HttpRequest, draft: Draft, step_id: str, mode: Mode) -> HttpResponse:
    """One step: GET shows it, POST saves it (valid or not) and moves on."""
    definition = draft.definition.definition
    ctx = services.context(draft)
    active = engine.active_steps(definition, ctx)
    current = next((s for s in active if s["id"] == step_id), None)
    if current is None:
        return redirect(_first_unfinished(mode, draft, active))
    items = engine.visible_fields(current, ctx)
    back_to_check = request.GET.get(BACK_TO_CHECK) == "1"
    if request.method == "POST":
        # Files are stored first, so an error elsewhere on the page loses none of them.
        upload_errors = _store_uploads(request, draft, items)
        action = request.POST.get("_action", "")
        if action:
            return _row_or_file_action(request, draft, step_id, items, action)
        form = engine.StepForm(
            request.POST,
            items=items,
            ctx=ctx,
            attached=_attached(draft, items),
            upload_errors=upload_errors,
        )
        if form.is_valid():
            if mode.staff:
                assisted.complete_step(
                    actor=request.user, draft=draft, step_id=step_id, answers=form.cleaned_data
                )
            else:
                services.complete_step(draft, step_id, dict(form.cleaned_data))
            active = engine.active_steps(definition, services.context(draft))
            ids = [s["id"] for s in active]
            following = ids[ids.index(step_id) + 1 :] if step_id in ids else []
            if back_to_check or not following:
                return redirect(_first_unfinished(mode, draft, active))
            return redirect(mode.step_url(draft, following[0]))
        services.keep_invalid_step(draft, step_id, _raw(request, items), form.failed_rules)
    else:
        saved = draft.answers.get(f"_raw_{step_id}") or draft.answers
        initial = {
            item["name"]: saved.get(item["name"], engine.prefilled(item, ctx))
            for item in items
            if item["type"] != "info"
        }
        form = engine.StepForm(
            initial=initial, items=items, ctx=ctx, attached=_attached(draft, items)
        )
        services.step_shown(draft, step_id)
    number = [s["id"] for s in active].index(step_id) + 1
    fields = engine.filter_options(
        engine.shown_fields(form, items, ctx), items, request.GET.get("soeg", "")[:100]
    )
    return render(
        request,
        "selfservice/step.html",
        {
            "draft": draft,
            "staff_mode": mode.staff,
            "assists": queries.assists(draft),
            "service_title": engine.text(definition["title"]),
            "step": current,
            "step_title": engine.text(current["title"]),
            "step_intro": engine.text(current.get("intro", "")),
            "number": number,
            "total": len(active) + 1,
            "indicator": _indicator(mode, draft, active, step_id),
            "info_fields": [f for f in fields if f.type == "info"],
            "input_fields": [f for f in fields if f.type != "info"],
            "errors": [error for f in fields for error in f.all_errors],
            "multipart": any(item["type"] == "file" for item in items),
            "step_notices": engine.notices(definition, ctx, f"step:{step_id}"),
            "back_to_check": back_to_check,
            "previous": mode.step_url(draft, active[number - 2]["id"]) if number > 1 else "",
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


def _raw(request: HttpRequest, items: list[engine.Field]) -> dict[str, Any]:
    """What the citizen typed on a step, kept as it is (files are stored apart)."""
    raw: dict[str, Any] = {}
    for item in items:
        name = item["name"]
        if item["type"] in ("info", "file"):
            continue
        if item["type"] == "multichoice":
            raw[name] = request.POST.getlist(name)
        elif item["type"] == "group":
            count = min(
                max(engine.as_int(request.POST.get(f"{name}-count"), 0), 0), engine.group_max(item)
            )
            raw[name] = [
                {
                    sub["name"]: request.POST.get(f"{name}-{i}-{sub['name']}", "")
                    for sub in item["fields"]
                }
                for i in range(count)
            ]
        else:
            raw[name] = request.POST.get(name, "")
    return raw


def _store_uploads(
    request: HttpRequest, draft: Draft, items: list[engine.Field]
) -> dict[str, tuple[str, str]]:
    """Store each acceptable upload with the draft; the first problem per field."""
    errors: dict[str, tuple[str, str]] = {}
    for item in items:
        if item["type"] != "file":
            continue
        for upload in request.FILES.getlist(item["name"]):
            problem = services.attach_file(draft, item, upload)
            if problem and item["name"] not in errors:
                errors[item["name"]] = problem
    return errors


def _row_or_file_action(
    request: HttpRequest, draft: Draft, step_id: str, items: list[engine.Field], action: str
) -> HttpResponse:
    """The plain POST buttons "Add another", "Remove" (a row) and "Remove" (a file):
    keep what is typed, change the rows or files, and show the step again."""
    raw = _raw(request, items)
    verb, _sep, target = action.partition(":")
    anchor = ""
    groups = {item["name"]: item for item in items if item["type"] == "group"}
    if verb == "add" and target in groups and len(raw[target]) < groups[target].get("max", 20):
        raw[target].append({})
        anchor = f"#id_{target}-{len(raw[target]) - 1}-{groups[target]['fields'][0]['name']}"
    elif verb == "remove":
        name, _sep, index = target.rpartition(":")
        row = engine.as_int(index, -1)
        if (
            name in groups
            and 0 <= row < len(raw[name])
            and len(raw[name]) > groups[name].get("min", 1)
        ):
            raw[name].pop(row)
            anchor = f"#id_{name}-legend"
    elif verb == "remove-file":
        field = services.remove_file(draft, target)
        anchor = f"#id_{field}" if field else ""
    services.keep_invalid_step(draft, step_id, raw, {})
    url = request.get_full_path()
    return redirect(url + anchor)


def address_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for a <datalist>: register addresses that start like the text typed."""
    field = request.GET.get("field", "")
    typed = request.GET.get(field, "") if field else ""
    found = registers.search_addresses(typed, limit=8) if len(typed.strip()) >= 3 else []
    return render(request, "selfservice/includes/address_options.html", {"addresses": found})


@citizen_required
@_receipt_when_sent
def check(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    if request.method == "POST":
        try:
            submission = services.submit(draft)
        except services.NotReady as exc:
            return redirect(CITIZEN.step_url(draft, exc.step))
        return redirect("selfservice:receipt", submission.id)
    return check_page(request, draft, CITIZEN)


def check_page(request: HttpRequest, draft: Draft, mode: Mode) -> HttpResponse:
    """ "Tjek dine svar": every answer with a link back to its step."""
    definition = draft.definition.definition
    ctx = services.context(draft)
    active = engine.active_steps(definition, ctx)
    if any(s["id"] not in draft.completed_steps for s in active):
        return redirect(_first_unfinished(mode, draft, active))
    services.step_shown(draft, engine.CHECK_PAGE)
    rows = [
        {
            "title": engine.text(step["title"]),
            "url": mode.step_url(draft, step["id"]) + f"?{BACK_TO_CHECK}=1",
            "answers": answers,
        }
        for step, answers in engine.summary(definition, ctx)
    ]
    return render(
        request,
        "selfservice/check.html",
        {
            "draft": draft,
            "staff_mode": mode.staff,
            "assists": queries.assists(draft),
            "service_title": engine.text(definition["title"]),
            "rows": rows,
            "notices": engine.notices(definition, ctx, "check"),
            "indicator": _indicator(mode, draft, active, engine.CHECK_PAGE),
            "number": len(active) + 1,
            "total": len(active) + 1,
        },
    )


def _receipt_context(request: HttpRequest, submission_id: str) -> dict[str, Any]:
    submission = queries.submission_of(_citizen(request).cpr, str(submission_id))
    if submission is None:
        raise Http404
    definition = submission.definition.definition
    person = registers.person(submission.cpr)
    ctx = engine.Context(person=person, answers=submission.answers)
    ctx.computed = dict(submission.computed)
    language = (translation.get_language() or "da")[:2]
    return {
        "submission": submission,
        "service_title": engine.text(definition["title"]),
        "person_name": person.name if person else "",
        # As sent (see Submission.shown); older submissions are summarised now.
        "rows": submission.shown.get(language) or services.shown_rows(definition, ctx)[language],
        "notices": engine.notices(definition, ctx, "receipt"),
    }


@citizen_required
def receipt(request: HttpRequest, submission_id: str) -> HttpResponse:
    return render(request, "selfservice/receipt.html", _receipt_context(request, submission_id))


@citizen_required
def receipt_pdf(request: HttpRequest, submission_id: str) -> HttpResponse:
    """The receipt as an accessible PDF (PDF/UA-1); also the temporary proof."""
    context = _receipt_context(request, submission_id)
    response = HttpResponse(
        render_pdf("selfservice/receipt_pdf.html", context), content_type="application/pdf"
    )
    filename = f"kvittering-{context['submission'].reference}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@citizen_required
@_receipt_when_sent
def discard(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    services.discard_draft(draft)
    return redirect("minside:home")
