"""The staff home: each role lands on its own work."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from indgang.appointments import queries as appointments
from indgang.cases import queries as cases
from indgang.catalogue import queries as catalogue
from indgang.contacts import queries as contacts
from indgang.directory import queries as directory
from indgang.identity.constants import StaffRole
from indgang.identity.forms import CitizenLookupForm
from indgang.identity.models import StaffProfile
from indgang.identity.permissions import may_operate
from indgang.workspace.permissions import profile_of, staff_with_role

UPCOMING_EXCEPTION_DAYS = 60


def _caseworker(request: HttpRequest, profile: StaffProfile) -> dict[str, Any]:
    counts = cases.queue_counts(
        administration=profile.administration_id, team_id=profile.team_id, user=request.user
    )
    mine = cases.queue(
        administration=profile.administration_id, view=cases.View.MINE, user=request.user
    )
    return {
        "counts": counts,
        "my_cases": list(mine[:10]),
        "reopened": list(
            cases.queue(
                administration=profile.administration_id,
                view=cases.View.REOPENED,
                team_id=profile.team_id,
            )[:5]
        ),
        "due_soon_limit": cases.due_soon_limit(),
    }


def _front_desk(request: HttpRequest, profile: StaffProfile) -> dict[str, Any]:
    today = timezone.localdate()
    centres = list(
        directory.citizen_service_centres().filter(administration_id=profile.administration_id)
    )
    # Names and times only; the day page audits when it shows the bookings.
    bookings = [(centre, list(appointments.day_bookings(centre.slug, today))) for centre in centres]
    todays_contacts = (
        contacts.contacts_of_administration(profile.administration_id)
        .filter(registered_by_id=request.user.pk, started_at__date=today)
        .order_by("-started_at")
    )
    names = contacts.service_names()
    return {
        "today": today,
        "centres": bookings,
        "todays_contacts": [(c, names.get(c.service, "")) for c in todays_contacts[:10]],
        "todays_contact_count": todays_contacts.count(),
    }


def _editor(profile: StaffProfile) -> dict[str, Any]:
    today = timezone.localdate()
    units = directory.units().filter(administration_id=profile.administration_id)
    return {
        "stale_units": list(directory.stale_units(profile.administration_id)[:10]),
        "stale_count": directory.stale_units(profile.administration_id).count(),
        "unit_count": units.count(),
        "services": list(catalogue.services().filter(administration_id=profile.administration_id)),
        "exceptions": list(
            directory.upcoming_exceptions(
                profile.administration_id, today, today + dt.timedelta(days=UPCOMING_EXCEPTION_DAYS)
            )[:10]
        ),
        "exception_days": UPCOMING_EXCEPTION_DAYS,
    }


@staff_with_role()
def home(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    roles = profile.role_codes()
    context: dict[str, Any] = {
        "profile": profile,
        "roles": roles,
        "may_operate": may_operate(request.user),
    }
    if StaffRole.CASEWORKER in roles:
        context["caseworker"] = _caseworker(request, profile)
    if StaffRole.FRONT_DESK in roles:
        context["front_desk"] = _front_desk(request, profile)
    if roles & {StaffRole.CASEWORKER, StaffRole.FRONT_DESK}:
        context["lookup_form"] = CitizenLookupForm()
    if StaffRole.EDITOR in roles:
        context["editor"] = _editor(profile)
    return render(request, "workspace/home.html", context)
