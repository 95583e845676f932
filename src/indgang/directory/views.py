from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from indgang.directory import formats, queries
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile


def unit_list(request: HttpRequest) -> HttpResponse:
    units = queries.published_units()
    groups = [
        (admin, list(items)) for admin, items in groupby(units, key=lambda u: u.administration)
    ]
    return render(request, "directory/unit_list.html", {"groups": groups})


def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = queries.published_unit(slug) or queries.unit(slug)
    if unit is None:
        raise Http404
    data = formats.json_ld(unit, request.build_absolute_uri())
    return render(
        request,
        "directory/unit_detail.html",
        {"unit": unit, "json_ld": formats.json_ld_script_body(data)},
    )


def unit_vcard(request: HttpRequest, slug: str) -> HttpResponse:
    unit = queries.published_unit(slug) or queries.unit(slug)
    if unit is None:
        raise Http404
    url = request.build_absolute_uri(reverse("directory:unit", args=[slug]))
    response = HttpResponse(formats.vcard(unit, url), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.vcf"'
    return response


@login_required
def stale_list(request: HttpRequest) -> HttpResponse:
    """Editors see their administration's entries not verified in six months."""
    if not has_role(request.user, StaffRole.EDITOR, StaffRole.ADMINISTRATOR):
        raise PermissionDenied
    profile = staff_profile(request.user)
    assert profile is not None
    everyone = has_role(request.user, StaffRole.ADMINISTRATOR)
    units = queries.stale_units(None if everyone else profile.administration_id)
    return render(
        request, "directory/stale_list.html", {"units": units, "today": timezone.localdate()}
    )
