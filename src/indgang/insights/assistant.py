"""Spørg kommunen in numbers, for analysts and editors: how often the
assistant settles a question itself, how often a person takes over (live or
as a case), whether citizens say it helped, and the questions it could not
answer, grouped by the nearest service so editors can fill the gaps."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.assistant import queries as assistant
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30


def may_see(request: HttpRequest) -> bool:
    """Municipality-wide analysts (the assistant answers for every
    administration) and editors (they fill the gaps in the catalogue)."""
    profile = staff_profile(request.user)
    if profile is None:
        return False
    if has_role(request.user, StaffRole.EDITOR):
        return True
    return (
        has_role(request.user, StaffRole.ANALYST)
        and profile.administration_id in settings.INSIGHTS_WIDE_ADMINISTRATIONS
    )


def _percent(share: float | None) -> int | None:
    return round(100 * share) if share is not None else None


@login_required
def assistant_insight(request: HttpRequest) -> HttpResponse:
    if not may_see(request):
        raise PermissionDenied(
            _("Only editors and municipality-wide analysts see the assistant's figures.")
        )
    try:
        days = int(request.GET.get("dage", DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    if days not in PERIODS:
        days = DEFAULT_DAYS
    since = timezone.now() - dt.timedelta(days=days)
    figures = assistant.resolution(since)
    return render(
        request,
        "insights/assistant.html",
        {
            "days": days,
            "periods": PERIODS,
            "figures": figures,
            "rate_percent": _percent(figures["rate"]),
            "handoff_percent": _percent(figures["handoff_rate"]),
            "helped_percent": _percent(figures["helped_share"]),
            "groups": assistant.unanswered_by_service(since),
        },
    )
