"""Editors keep their administration's places and catalogue entries current,
without Django admin. Opening hours stay in OpenStreetMap syntax; the editor
sees what they mean before saving."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.catalogue import queries as catalogue
from indgang.catalogue import services as catalogue_services
from indgang.directory import queries as directory
from indgang.directory import services as directory_services
from indgang.directory.hours import DayException, Schedule, holiday_name, validate_expression
from indgang.directory.models import ContactPoint, OrganisationUnit
from indgang.identity.constants import StaffRole
from indgang.workspace.forms import (
    ChannelFormSet,
    ContactPointFormSet,
    ExceptionForm,
    ServiceForm,
    UnitForm,
)
from indgang.workspace.permissions import profile_of, staff_with_role

PLACE_ROLES = (StaffRole.EDITOR, StaffRole.ADMINISTRATOR)
PREVIEW_DAYS = 14


@staff_with_role(*PLACE_ROLES)
def places(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    units = directory.units().filter(administration_id=profile.administration_id).order_by("name")
    return render(
        request,
        "workspace/places.html",
        {"units": units, "profile": profile, "today": timezone.localdate()},
    )


def _unit(request: HttpRequest, slug: str) -> OrganisationUnit:
    unit = directory.unit(slug)
    if unit is None:
        raise Http404
    if not directory_services.may_edit(request.user, unit):  # type: ignore[arg-type]
        raise PermissionDenied(_("This place belongs to another administration."))
    return unit


def preview(expression: str, unit: OrganisationUnit, today: dt.date) -> dict[str, Any]:
    """What an opening-hours expression means: an ordinary week and the next
    14 days with holidays and the unit's exceptions."""
    try:
        validate_expression(expression)
    except ValidationError as error:
        return {"error": " ".join(error.messages), "expression": expression}
    exceptions = {e.date: DayException(e.hours, e.reason) for e in unit.exceptions.all()}
    monday = today - dt.timedelta(days=today.weekday())
    # An ordinary week: the expression alone, without holidays or exceptions.
    ordinary = Schedule(expression, {})
    week = [ordinary.day(day) for day in _ordinary_week(monday)]
    return {
        "expression": expression,
        "week": week,
        "days": Schedule(expression, exceptions).week(today, PREVIEW_DAYS),
        "today": today,
    }


def _ordinary_week(monday: dt.date) -> list[dt.date]:
    """Seven consecutive weekdays Monday–Sunday with no public holiday."""
    start = monday
    while any(holiday_name(start + dt.timedelta(days=n)) for n in range(7)):
        start += dt.timedelta(days=7)
    return [start + dt.timedelta(days=n) for n in range(7)]


def _initial_points(unit: OrganisationUnit) -> list[dict[str, Any]]:
    return [
        {"id": p.pk, "kind": p.kind, "label": p.label, "value": p.value, "hours": p.hours}
        for p in unit.contact_points.all()
    ]


def _save(request: HttpRequest, unit: OrganisationUnit, form: UnitForm, points: Any) -> None:
    actor: Any = request.user
    directory_services.update_unit(unit, actor=actor, **form.cleaned_data)
    existing = {p.pk: p for p in unit.contact_points.all()}
    changed: list[ContactPoint] = []
    deleted: list[ContactPoint] = []
    for position, point_form in enumerate(points.forms):
        data = point_form.cleaned_data
        if not data:
            continue
        point = existing.get(data.get("id") or 0)
        if data.get("DELETE"):
            if point is not None:
                deleted.append(point)
            continue
        if point is None:
            if not data.get("value"):
                continue  # the empty row for a new contact point
            point = ContactPoint(unit=unit)
        values = {k: data[k] for k in ("kind", "label", "value", "hours")}
        if point.pk is None or any(getattr(point, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(point, key, value)
            point.position = position
            changed.append(point)
    directory_services.save_contact_points(unit, actor=actor, changed=changed, deleted=deleted)


@staff_with_role(*PLACE_ROLES)
def place(request: HttpRequest, slug: str) -> HttpResponse:
    unit = _unit(request, slug)
    today = timezone.localdate()
    actor: Any = request.user
    url = reverse("workspace:place", args=[unit.slug])
    form = UnitForm(initial={f: getattr(unit, f) for f in directory_services.EDITABLE_UNIT_FIELDS})
    points = ContactPointFormSet(initial=_initial_points(unit), prefix="kontakt")
    exception_form = ExceptionForm(prefix="undtagelse")
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ("save", "preview"):
        form = UnitForm(request.POST)
        points = ContactPointFormSet(request.POST, initial=_initial_points(unit), prefix="kontakt")
        if action == "save" and form.is_valid() and points.is_valid():
            _save(request, unit, form, points)
            messages.success(request, _("The place is saved. The public page shows the change."))
            return redirect(url + "#edit-heading")
        status = 200 if action == "preview" else 400
    elif request.method == "POST" and action == "verify":
        directory_services.mark_verified(unit, actor=actor)
        messages.success(request, _("The place is marked as verified today."))
        return redirect(url + "#verify-heading")
    elif request.method == "POST" and action == "exception":
        exception_form = ExceptionForm(request.POST, prefix="undtagelse")
        if exception_form.is_valid():
            directory_services.add_exception(unit, actor=actor, **exception_form.cleaned_data)
            messages.success(request, _("The special opening hours are saved."))
            return redirect(url + "#exceptions-heading")
        status = 400
    elif request.method == "POST" and action == "remove-exception":
        found = unit.exceptions.filter(pk=request.POST.get("exception") or 0).first()
        if found is not None:
            directory_services.remove_exception(found, actor=actor)
            messages.success(request, _("The special opening hours are removed."))
        return redirect(url + "#exceptions-heading")
    expression = (
        form.data.get("opening_hours", unit.opening_hours) if form.is_bound else unit.opening_hours
    )
    return render(
        request,
        "workspace/place.html",
        {
            "unit": unit,
            "form": form,
            "points": points,
            "exception_form": exception_form,
            "upcoming": unit.exceptions.filter(date__gte=today).order_by("date"),
            "preview": preview(str(expression), unit, today),
            "history": directory.change_history(unit),
            "stale": unit.is_stale(today),
        },
        status=status,
    )


@staff_with_role(*PLACE_ROLES)
def place_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The preview alone, for the live update while the editor types."""
    unit = _unit(request, slug)
    context = {"preview": preview(request.GET.get("opening_hours", ""), unit, timezone.localdate())}
    return render(request, "workspace/includes/hours_preview.html", context)


@staff_with_role(StaffRole.EDITOR)
def service(request: HttpRequest, slug: str) -> HttpResponse:
    """A catalogue entry's texts and channel priority (Danish)."""
    entry = catalogue.service(slug)
    if entry is None:
        raise Http404
    if not catalogue_services.may_edit(request.user, entry):  # type: ignore[arg-type]
        raise PermissionDenied(_("This service belongs to another administration."))
    initial_channels = [
        {"channel": c.channel, "reason": c.reason, "note": c.note} for c in entry.channels.all()
    ]
    form = ServiceForm(
        request.POST or None,
        initial={f: getattr(entry, f) for f in catalogue_services.EDITABLE_FIELDS},
    )
    # Bound rows are compared with nothing: a row equal to today's would
    # otherwise count as "unchanged" and be dropped.
    channels = (
        ChannelFormSet(request.POST, prefix="kanal")
        if request.method == "POST"
        else ChannelFormSet(initial=initial_channels, prefix="kanal")
    )
    # Both are checked (not "and"), so that both show their errors.
    if request.method == "POST" and form.is_valid() & channels.is_valid():
        rows = [f.cleaned_data for f in channels.forms if f.cleaned_data.get("channel")]
        actor: Any = request.user
        catalogue_services.update_service(entry, actor=actor, channels=rows, **form.cleaned_data)
        messages.success(request, _("The service is saved. The public page shows the change."))
        return redirect(reverse("workspace:service", args=[entry.slug]) + "#edit-heading")
    return render(
        request,
        "workspace/service.html",
        {
            "entry": entry,
            "form": form,
            "channels": channels,
            "history": catalogue_history(entry),
        },
        status=400 if request.method == "POST" else 200,
    )


def catalogue_history(entry: Any) -> list[Any]:
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(entry)
    return list(
        LogEntry.objects.filter(content_type=kind, object_id=str(entry.pk))
        .select_related("user")
        .order_by("-action_time")[:20]
    )


@staff_with_role(StaffRole.EDITOR)
def catalogue_list(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    services = catalogue.services().filter(administration_id=profile.administration_id)
    return render(request, "workspace/catalogue.html", {"services": services, "profile": profile})
