"""Finding a case: by number, by citizen (name or CPR number, audited) or by text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from indgang.cases import queries as cases
from indgang.core import audit
from indgang.core import queries as core
from indgang.workspace.forms import CaseSearchForm
from indgang.workspace.navigation import CASE_ROLES
from indgang.workspace.permissions import profile_of, staff_with_role

RESULTS = 50


@staff_with_role(*CASE_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    teams = [(t.pk, t.name) for t in core.teams(profile.administration_id)]
    form = CaseSearchForm(request.GET or None, teams=teams)
    results = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        found = cases.search(
            administration=profile.administration_id,
            query=data["q"],
            state=data["state"],
            team_id=data["team"],
            overdue=data["overdue"],
        )
        results = list(found[:RESULTS])
        if cases.is_cpr_query(data["q"]):
            # Which cases a person has is personal data: the search is audited
            # against that citizen even when it finds nothing.
            cpr = data["q"].strip().replace("-", "").replace(" ", "")
            audit.citizen_data_viewed(
                request.user, cpr, "case search by CPR number", _("case handling")
            )
    return render(
        request,
        "workspace/case_search.html",
        {"form": form, "results": results, "limit": RESULTS, "profile": profile},
    )
