from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from indgang.appointments import ical, queries, services
from indgang.appointments.constants import BOOKING_HORIZON_DAYS, BookingStatus
from indgang.appointments.forms import BookingForm, SlotForm
from indgang.appointments.models import BookableService, Booking
from indgang.core import audit
from indgang.directory import queries as directory
from indgang.directory.models import OrganisationUnit
from indgang.identity.citizen import CitizenIdentity
from indgang.identity.constants import CITIZEN_FACING_ROLES
from indgang.identity.decorators import citizen_required
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile
from indgang.notifications import queries as notifications

# -- citizens ---------------------------------------------------------------

# The first free times offered when moving a booking.
OFFERED_SLOTS = 40


@dataclass(frozen=True)
class BookingDays:
    """The week shown on the booking page: its days with their free times, the
    chosen day, and the weeks before and after (within the booking horizon)."""

    week: list[tuple[dt.date, int]]
    day: dt.date | None
    slots: list[queries.Slot]
    previous: dt.date | None
    next: dt.date | None


def _booking_days(request: HttpRequest, service: BookableService) -> BookingDays:
    """The day from ``?dag=`` (or of a posted time), else the first day with free
    times in its week; plain links, so it works without JavaScript."""
    today = timezone.localdate()
    by_day: dict[dt.date, list[queries.Slot]] = defaultdict(list)
    for slot in queries.slots(service):
        by_day[timezone.localdate(slot.starts_at)].append(slot)
    wanted = _posted_day(request.POST.get("starts_at", "")) or _date(request.GET.get("dag", ""))
    if wanted is None:
        wanted = min(by_day, default=today)
    monday = wanted - dt.timedelta(days=wanted.weekday())
    week = [(monday + dt.timedelta(days=i), 0) for i in range(7)]
    week = [(day, len(by_day.get(day, []))) for day, _count in week]
    if not by_day.get(wanted):
        wanted = next((day for day, count in week if count), None)  # type: ignore[assignment]
    last = today + dt.timedelta(days=BOOKING_HORIZON_DAYS)
    return BookingDays(
        week=week,
        day=wanted,
        slots=by_day.get(wanted, []) if wanted else [],
        previous=monday - dt.timedelta(days=7) if monday > today else None,
        next=monday + dt.timedelta(days=7) if monday + dt.timedelta(days=7) <= last else None,
    )


def _posted_day(text: str) -> dt.date | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return timezone.localdate(moment) if moment.tzinfo else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def service_list(request: HttpRequest) -> HttpResponse:
    groups = [(unit, list(items)) for unit, items in groupby(queries.services(), lambda s: s.unit)]
    return render(request, "appointments/service_list.html", {"groups": groups})


@citizen_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    service = queries.service(pk)
    if service is None:
        raise Http404
    days = _booking_days(request, service)
    form = BookingForm(request.POST or None, slots=days.slots)
    alternatives: list[queries.Slot] = []
    if request.method == "POST" and form.is_valid():
        citizen: CitizenIdentity = request.citizen  # type: ignore[attr-defined]
        try:
            booking = services.book(
                service=service,
                starts_at=form.cleaned_data["starts_at"],
                citizen=citizen,
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
            )
        except services.BookingRefused as refused:
            # Keep what was typed, offer the times that are free now, say why.
            data = request.POST.copy()
            data.pop("starts_at", None)
            days = _booking_days(request, service)
            form = BookingForm(data, slots=days.slots)
            form.is_valid()
            form.errors["starts_at"] = form.error_class([refused.message])
            alternatives = refused.alternatives
        else:
            messages.success(request, _("Your appointment is booked."))
            return redirect("appointments:manage", queries.manage_token(booking))
    return render(
        request,
        "appointments/book.html",
        {"service": service, "form": form, "alternatives": alternatives, "days": days},
    )


def manage(request: HttpRequest, token: str) -> HttpResponse:
    booking = queries.booking_from_token(token)
    if booking is None:
        raise Http404
    slots = queries.slots(booking.service)[:OFFERED_SLOTS]
    form = SlotForm(None, slots=slots)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.cancel(booking)
                messages.success(request, _("Your appointment is cancelled."))
                return redirect("appointments:manage", token)
            form = SlotForm(request.POST, slots=slots)
            if form.is_valid():
                services.reschedule(booking, starts_at=form.cleaned_data["starts_at"])
                messages.success(request, _("Your appointment is moved."))
                return redirect("appointments:manage", token)
        except services.BookingRefused as refused:
            form.add_error("starts_at" if "starts_at" in form.fields else None, refused.message)
    return render(
        request,
        "appointments/manage.html",
        {
            "booking": booking,
            "token": token,
            "form": form,
            "can_change": booking.status == BookingStatus.BOOKED
            and booking.starts_at > timezone.now(),
        },
    )


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancelling asks once more: what is cancelled, and is that what you want?"""
    booking = queries.booking_from_token(token)
    if booking is None:
        raise Http404
    can_change = booking.status == BookingStatus.BOOKED and booking.starts_at > timezone.now()
    if request.method == "POST" and can_change:
        services.cancel(booking)
        messages.success(request, _("Your appointment is cancelled."))
        if getattr(request, "citizen", None) is not None:
            return redirect("minside:home")
        return redirect("appointments:manage", token)
    return render(
        request,
        "appointments/cancel.html",
        {"booking": booking, "token": token, "can_change": can_change},
    )


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    booking = queries.booking_from_token(token)
    if booking is None:
        raise Http404
    body = ical.booking_calendar(booking, services.manage_url(booking))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aftale.ics"'
    return response


# -- staff ------------------------------------------------------------------


def _require_front_desk(request: HttpRequest, unit: OrganisationUnit | None = None) -> str:
    """Front desk and caseworkers of the centre's own administration only."""
    profile = staff_profile(request.user)
    if profile is None or not has_role(request.user, *CITIZEN_FACING_ROLES):
        raise PermissionDenied(_("Only front-desk staff and caseworkers can see appointments."))
    if unit is not None and unit.administration_id != profile.administration_id:
        raise PermissionDenied(_("This centre belongs to another administration."))
    return profile.administration_id


@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    administration = _require_front_desk(request)
    centres = directory.citizen_service_centres().filter(administration_id=administration)
    return render(
        request,
        "appointments/staff_index.html",
        {
            "centres": centres,
            "today": timezone.localdate().isoformat(),
            "rates": queries.no_show_rates(administration),
        },
    )


@login_required
def day_view(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    unit = directory.unit(slug)
    if unit is None:
        raise Http404
    _require_front_desk(request, unit)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    bookings = list(queries.day_bookings(slug, date))
    for booking in bookings:
        audit.citizen_data_viewed(
            request.user,
            booking.citizen_cpr,
            gettext_noop("appointment: name and time"),
            gettext_noop("front-desk day view"),
        )
    return render(
        request,
        "appointments/day.html",
        {
            "unit": unit,
            "date": date,
            "bookings": bookings,
            "previous": (date - dt.timedelta(days=1)).isoformat(),
            "next": (date + dt.timedelta(days=1)).isoformat(),
        },
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    booking = Booking.objects.select_related("service__unit").filter(pk=pk).first()
    if booking is None:
        raise Http404
    _require_front_desk(request, booking.service.unit)
    status = (
        BookingStatus.NO_SHOW
        if request.POST.get("status") == "no_show"
        else (BookingStatus.CHECKED_IN)
    )
    try:
        services.register_attendance(booking, actor=request.user, status=status)
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
    day = booking.starts_at.astimezone(timezone.get_current_timezone()).date().isoformat()
    return redirect("appointments:day", booking.service.unit.slug, day)


@login_required
def sms_outbox(request: HttpRequest) -> HttpResponse:
    administration = _require_front_desk(request)
    outbox = notifications.for_administration(administration, channel="sms")
    return render(request, "appointments/sms_outbox.html", {"outbox": outbox})
