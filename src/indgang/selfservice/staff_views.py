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

from indgang.identity.permissions import has_role
from indgang.selfservice import assisted, engine, services
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
        messages.success(
            request, _("The form is handed over. The citizen finds it on My overview.")
        )
        return redirect("selfservice:assist-start")
    return check_page(request, draft, STAFF)
