"""Staff pages for assisted self-service ("medbetjening")."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indgang.core import audit, files
from indgang.identity import services as identity
from indgang.identity.permissions import citizen_access, has_role
from indgang.identity.queries import staff_profile
from indgang.selfservice import assisted, engine, enkeltydelse, queries, services
from indgang.selfservice.constants import DraftStatus
from indgang.selfservice.forms import AssistConsentForm
from indgang.selfservice.models import Draft
from indgang.selfservice.views import STAFF, check_page, step_page


def citizen_facing_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.user, "front_desk", "caseworker"):
            raise PermissionDenied(_("Only front desk staff and caseworkers help citizens."))
        return view(request, *args, **kwargs)

    return wrapper


def _draft(request: HttpRequest, draft_id: str) -> Draft:
    draft = Draft.objects.filter(pk=draft_id, status=DraftStatus.OPEN).first()
    if draft is None:
        raise Http404
    assisted.consent_for(request.user, draft)
    return draft


@citizen_facing_staff
def assist_start(request: HttpRequest) -> HttpResponse:
    form = AssistConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent = assisted.record_consent(
            actor=request.user,
            cpr=form.cleaned_data["cpr"],
            service=form.cleaned_data["service"],
            place=form.cleaned_data["place"],
            valid_days=form.cleaned_data["valid_days"],
        )
        draft = assisted.start(actor=request.user, consent=consent)
        active = engine.active_steps(draft.definition.definition, services.context(draft))
        for step in active:
            if step["id"] not in draft.completed_steps:
                return redirect(STAFF.step_url(draft, step["id"]))
        return redirect(STAFF.check_url(draft))
    return render(request, "selfservice/assist_start.html", {"form": form})


@citizen_facing_staff
def assist_step(request: HttpRequest, draft_id: str, step_id: str) -> HttpResponse:
    return step_page(request, _draft(request, draft_id), step_id, STAFF)


@citizen_facing_staff
def assist_check(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    if request.method == "POST":
        assisted.hand_over(actor=request.user, draft=draft)
        messages.success(request, _("The form is handed over. The citizen finds it on My page."))
        return redirect("selfservice:assist-start")
    return check_page(request, draft, STAFF)


def bif_caseworker(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only caseworkers of the administration that handles enkeltydelse."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        profile = staff_profile(request.user)
        if (
            profile is None
            or profile.administration_id != enkeltydelse.ADMINISTRATION
            or not has_role(request.user, "caseworker")
        ):
            raise PermissionDenied(
                _("Only caseworkers of the Employment and Integration Administration see these.")
            )
        return view(request, *args, **kwargs)

    return wrapper


@bif_caseworker
def enkeltydelse_list(request: HttpRequest) -> HttpResponse:
    """Submitted applications with a completeness checklist. Each citizen shown
    is read through ``view_citizen`` (access-checked and audited)."""
    rows = []
    for submission in queries.submissions_of_service(enkeltydelse.SLUG)[:100]:
        try:
            person = identity.view_citizen(
                actor=request.user,
                cpr=submission.cpr,
                purpose=_("Enkeltydelse application %(ref)s") % {"ref": submission.reference},
            )
        except (PermissionDenied, identity.CitizenNotFound):
            person = None
        checklist = enkeltydelse.checklist(submission) if person else []
        rows.append(
            {
                "submission": submission,
                "name": person.name if person else "",
                "checklist": checklist,
                "complete": all(item.ok for item in checklist),
                "files": queries.submission_files(submission) if person else [],
            }
        )
    return render(request, "selfservice/enkeltydelse_list.html", {"rows": rows})


@bif_caseworker
def enkeltydelse_file(request: HttpRequest, submission_id: str, file_id: str) -> HttpResponse:
    """An attachment of an application; access-checked and audited."""
    submission = queries.submission_for_service(enkeltydelse.SLUG, str(submission_id))
    if submission is None:
        raise Http404
    what = _("Attachment to enkeltydelse application %(ref)s") % {"ref": submission.reference}
    decision = citizen_access(request.user, submission.cpr)
    if not decision.allowed:
        audit.citizen_access_refused(request.user, submission.cpr, what, decision.reason)
        raise PermissionDenied(decision.reason)
    attached = queries.submission_file(submission, str(file_id))
    if attached is None:
        raise Http404
    # A held file is not served, so its refusal is not recorded as a view.
    files.refuse_unless_clean(attached.name, attached.scan_status)
    audit.citizen_data_viewed(request.user, submission.cpr, what, _("Case handling"))
    response = HttpResponse(bytes(attached.data), content_type=attached.content_type)
    response["Content-Disposition"] = 'attachment; filename="{}"'.format(
        attached.name.replace('"', "")
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
