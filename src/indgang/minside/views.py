"""Min side: everything the citizen (or the child or business they act for)
has with the municipality, on one page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.core import queries as core_queries
from indgang.identity.citizen import CitizenIdentity
from indgang.identity.decorators import citizen_required
from indgang.minside import overview, services
from indgang.registers import queries as registers

AUDIT_ROWS = 200


def _citizen(request: HttpRequest) -> CitizenIdentity:
    citizen: CitizenIdentity = request.citizen  # type: ignore[attr-defined]
    return citizen


@citizen_required
def home(request: HttpRequest) -> HttpResponse:
    citizen = _citizen(request)
    person = overview.person(citizen)
    matters = overview.matters(citizen)
    submissions = overview.submissions(citizen)
    return render(
        request,
        "minside/home.html",
        {
            "person": person,
            "business": registers.business(citizen.cvr) if citizen.cvr else None,
            "businesses": [] if citizen.cvr else registers.businesses_of(citizen.cpr),
            "sources": registers.source_names(),
            "source_notes": registers.source_notes(),
            "suggestions": overview.suggestions(person),
            "matters": matters,
            "drafts": overview.drafts(citizen),
            "submissions": submissions,
            "bookings": overview.bookings(citizen),
            "surveys": overview.surveys(citizen, matters, submissions),
            "children": services.children_to_act_for(citizen),
            "audit_entries": []
            if citizen.cvr
            else core_queries.audit_entries_for_citizen(citizen.cpr)[:AUDIT_ROWS],
            "administrations": {a.code: a.name for a in core_queries.administrations()},
        },
    )


@citizen_required
def case(request: HttpRequest, reference: str) -> HttpResponse:
    matter = overview.matter(_citizen(request), reference)
    if matter is None:
        raise Http404
    return render(request, "minside/case.html", {"matter": matter})


@citizen_required
def case_messages(request: HttpRequest, reference: str) -> HttpResponse:
    """The conversation about one of the citizen's cases."""
    matter = overview.matter(_citizen(request), reference)
    if matter is None:
        raise Http404
    if matter.thread_id is None:
        return redirect("minside:case", reference)
    return redirect("messaging:thread", matter.thread_id)


@require_POST
@citizen_required
def act_for(request: HttpRequest) -> HttpResponse:
    """Switch to acting for a child in custody, or back to oneself."""
    citizen = _citizen(request)
    chosen = request.POST.get("for", "")
    if chosen == "self":
        services.switch_to_self(request, citizen)
        messages.success(request, _("You now act for yourself."))
    else:
        name = services.switch_to_child(request, citizen, chosen)
        messages.success(request, _("You now act for %(name)s.") % {"name": name})
    return redirect("minside:home")
