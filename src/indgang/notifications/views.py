from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from indgang.core import audit
from indgang.identity.citizen import CitizenIdentity
from indgang.identity.constants import StaffRole
from indgang.identity.decorators import citizen_required
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile
from indgang.notifications import queries, services
from indgang.notifications.forms import ContactDetailsForm
from indgang.notifications.models import IllegalTransition

SIGNATURE_HEADER = "X-Indgang-Signature"


@citizen_required
def contact_details(request: HttpRequest) -> HttpResponse:
    """Where the citizen wants to hear about new messages: SMS, e-mail, language."""
    citizen: CitizenIdentity = request.citizen  # type: ignore[attr-defined]
    current = queries.contact_details(citizen.cpr)
    initial = (
        {"phone": current.phone, "email": current.email, "language": current.language}
        if current
        else {"language": services.language_of(request.LANGUAGE_CODE)}
    )
    form = ContactDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_contact_details(cpr=citizen.cpr, **form.cleaned_data)
        messages.success(request, _("Your contact details for notifications are saved."))
        return redirect("notifications:contact-details")
    status = 422 if form.is_bound else 200
    return render(request, "notifications/contact_details.html", {"form": form}, status=status)


def _may_read_outbox(request: HttpRequest) -> bool:
    if request.user.is_superuser or has_role(request.user, StaffRole.ADMINISTRATOR):
        return True
    # A developer's own machine: any staff member may look.
    return settings.DEBUG and staff_profile(request.user) is not None


@login_required
def sms_outbox(request: HttpRequest) -> HttpResponse:
    """The demo SMS gateway's outbox, for administrators (or any staff in DEBUG)."""
    if settings.SMS_GATEWAY != "outbox":
        raise Http404
    if not _may_read_outbox(request):
        raise PermissionDenied(_("Only administrators can read the SMS outbox."))
    outbox = list(queries.outbox())
    for key in sorted({m.notification.citizen_key for m in outbox if m.notification} - {""}):
        audit.citizen_data_viewed_by_key(
            request.user,
            key,
            gettext_noop("SMS outbox"),
            gettext_noop("Reading the demo SMS gateway's outbox"),
        )
    return render(request, "notifications/sms_outbox.html", {"outbox": outbox})


def signature(body: bytes) -> str:
    """The signature a gateway puts in the X-Indgang-Signature header."""
    secret = settings.SMS_GATEWAY_CALLBACK_SECRET.encode()
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    """Delivery reports from the HTTP SMS gateway, signed with the shared secret:
    ``{"reference": "notification-12", "status": "delivered" | "failed", "error": "..."}``."""
    if not settings.SMS_GATEWAY_CALLBACK_SECRET:
        raise Http404
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not hmac.compare_digest(given, signature(request.body)):
        return JsonResponse({"detail": "bad signature"}, status=403)
    try:
        report = json.loads(request.body)
        reference = str(report["reference"])
        status = report["status"]
        if status not in ("delivered", "failed"):
            raise ValueError(status)
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"detail": 'expected {"reference": ..., "status": "delivered" | "failed"}'},
            status=400,
        )
    try:
        found = services.record_delivery_report(
            reference=reference,
            delivered=status == "delivered",
            error=str(report.get("error", ""))[:500],
        )
    except IllegalTransition as refused:
        return JsonResponse({"detail": f"not allowed: {refused}"}, status=409)
    if found is None:
        return JsonResponse({"detail": "unknown reference"}, status=404)
    return JsonResponse({"status": found.status})
