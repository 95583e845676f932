"""Editors keep their administration's places and catalogue entries current."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from indgang.catalogue import queries as catalogue
from indgang.directory import queries as directory
from indgang.identity.constants import StaffRole
from indgang.workspace.permissions import profile_of, staff_with_role


@staff_with_role(StaffRole.EDITOR, StaffRole.ADMINISTRATOR)
def places(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    units = directory.units().filter(administration_id=profile.administration_id).order_by("name")
    return render(
        request,
        "workspace/places.html",
        {"units": units, "profile": profile, "today": timezone.localdate()},
    )


@staff_with_role(StaffRole.EDITOR)
def catalogue_list(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    services = catalogue.services().filter(administration_id=profile.administration_id)
    return render(request, "workspace/catalogue.html", {"services": services, "profile": profile})
