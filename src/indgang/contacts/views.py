"""Staff registration of contacts under /medarbejder/henvendelser/.

Front desk and phone staff register a contact in one click: the page knows
their channel (remembered per session), administration and team, and shows
the team's most registered services as big buttons. A "more" form adds
outcome, reason, duration and the citizen; the last registration can be
undone. Everything is plain forms, so it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.contacts import queries, services
from indgang.contacts.constants import AttemptOutcome, Channel, Outcome, Source
from indgang.contacts.forms import (
    ChannelForm,
    ContinueAttemptForm,
    LinkAttemptForm,
    RegisterForm,
)
from indgang.contacts.models import AttemptLink, Contact
from indgang.core import audit
from indgang.core.pseudonym import citizen_key
from indgang.identity import services as identity
from indgang.identity.constants import CITIZEN_FACING_ROLES, StaffRole
from indgang.identity.models import StaffProfile
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile
from indgang.selfservice import assisted
from indgang.selfservice import queries as selfservice

SESSION_CHANNEL = "contacts_channel"
SESSION_LAST = "contacts_last"
BUTTONS = 8


def registering_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Front desk and caseworkers register contacts; analysts see aggregates only."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.user, *CITIZEN_FACING_ROLES):
            raise PermissionDenied(_("Only front desk staff and caseworkers register contacts."))
        return view(request, *args, **kwargs)

    return wrapper


def _profile(request: HttpRequest) -> StaffProfile:
    profile = staff_profile(request.user)
    assert profile is not None  # registering_staff checked the roles
    return profile


def default_channel(request: HttpRequest) -> str:
    """The channel remembered in the session, else in person for the front desk
    and phone for everyone else."""
    remembered = request.session.get(SESSION_CHANNEL)
    if remembered in Channel.values:
        return str(remembered)
    if has_role(request.user, StaffRole.FRONT_DESK):
        return Channel.IN_PERSON.value
    return Channel.PHONE.value


def _buttons(profile: StaffProfile, names: dict[str, str]) -> list[tuple[str, str]]:
    slugs = queries.top_services(team_id=profile.team_id, administration=profile.administration_id)
    for slug in queries.team_services(
        team_id=profile.team_id, administration=profile.administration_id
    ):
        if len(slugs) >= BUTTONS:
            break
        if slug not in slugs:
            slugs.append(slug)
    return [(slug, names.get(slug, slug)) for slug in slugs[:BUTTONS]]


def _service_choices(names: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(names.items(), key=lambda item: item[1].lower())


def _page(
    request: HttpRequest, *, form: RegisterForm | None = None, status: int = 200
) -> HttpResponse:
    profile = _profile(request)
    names = queries.service_names()
    channel = default_channel(request)
    last = None
    if last_id := request.session.get(SESSION_LAST):
        last = Contact.objects.filter(pk=last_id, registered_by_id=request.user.pk).first()
    recent = (
        queries.contacts_of_administration(profile.administration_id)
        .filter(source=Source.STAFF)
        .order_by("-started_at", "-id")[:10]
    )
    return render(
        request,
        "contacts/register.html",
        {
            "profile": profile,
            "channel": Channel(channel),
            "channel_form": ChannelForm(initial={"channel": channel}, auto_id="channel-%s"),
            "buttons": _buttons(profile, names),
            "form": form
            or RegisterForm(services=_service_choices(names), initial={"channel": channel}),
            "more_open": form is not None,
            "last": last,
            "recent": [(c, names.get(c.service, c.service)) for c in recent],
        },
        status=status,
    )


@registering_staff
def register(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _registered(request: HttpRequest, contact: Contact, name: str, who: str = "") -> HttpResponse:
    request.session[SESSION_LAST] = contact.pk
    text = _("Registered: %(service)s (%(channel)s).") % {
        "service": name,
        "channel": contact.get_channel_display(),
    }
    if who:
        text += " " + _("Citizen: %(name)s.") % {"name": who}
    messages.success(request, text)
    return redirect("contacts:register")


@require_POST
@registering_staff
def register_one(request: HttpRequest) -> HttpResponse:
    """One click: this service, my channel, resolved."""
    profile = _profile(request)
    names = queries.service_names()
    service = request.POST.get("service", "")
    if service not in names:
        messages.error(request, _("Choose one of the services on the page."))
        return redirect("contacts:register")
    contact = services.record_contact(
        channel=default_channel(request),
        service=service,
        administration=profile.administration_id,
        team=profile.team,
        outcome=Outcome.RESOLVED,
        source=Source.STAFF,
        actor=request.user,
    )
    return _registered(request, contact, names[service])


@require_POST
@registering_staff
def register_more(request: HttpRequest) -> HttpResponse:
    profile = _profile(request)
    names = queries.service_names()
    form = RegisterForm(request.POST, services=_service_choices(names))
    if not form.is_valid():
        return _page(request, form=form, status=400)
    data = form.cleaned_data
    who = ""
    if data["cpr"]:
        try:
            person = identity.view_citizen(
                actor=request.user, cpr=data["cpr"], purpose=_("contact registration")
            )
        except PermissionDenied as refused:
            form.add_error("cpr", str(refused))
            return _page(request, form=form, status=400)
        except identity.CitizenNotFound:
            form.add_error("cpr", _("No citizen has this CPR number."))
            return _page(request, form=form, status=400)
        who = person.name
    minutes = data["minutes"]
    contact = services.record_contact(
        channel=data["channel"],
        service=data["service"],
        administration=profile.administration_id,
        team=profile.team,
        cpr=data["cpr"] or None,
        duration_s=minutes * 60 if minutes is not None else None,
        outcome=data["outcome"],
        reason=data["reason"],
        source=Source.STAFF,
        actor=request.user,
    )
    request.session[SESSION_CHANNEL] = data["channel"]
    response = _registered(request, contact, names[data["service"]], who)
    if data["cpr"] and _remember_attempts(request, contact, data["cpr"]):
        return redirect("contacts:attempts", pk=contact.pk)
    return response


@require_POST
@registering_staff
def choose_channel(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST)
    if form.is_valid():
        request.session[SESSION_CHANNEL] = form.cleaned_data["channel"]
        messages.success(
            request,
            _("Your channel is now %(channel)s.")
            % {"channel": Channel(form.cleaned_data["channel"]).label},
        )
    else:
        messages.error(request, _("Choose one of the channels."))
    return redirect("contacts:register")


@require_POST
@registering_staff
def undo_last(request: HttpRequest) -> HttpResponse:
    contact = Contact.objects.filter(pk=request.session.get(SESSION_LAST) or 0).first()
    if contact is None:
        messages.error(request, _("There is no registration to undo."))
        return redirect("contacts:register")
    try:
        services.delete_registration(contact, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contacts:register")
    request.session.pop(SESSION_LAST, None)
    messages.success(request, _("The last registration is undone."))
    return redirect("contacts:register")


@require_POST
@registering_staff
def recontact(request: HttpRequest, pk: int) -> HttpResponse:
    contact = Contact.objects.filter(pk=pk).first()
    if contact is None:
        raise Http404
    try:
        if request.POST.get("decision") == "confirm":
            services.confirm_recontact(contact, actor=request.user)
        else:
            services.undo_recontact(contact, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contacts:register")
    messages.success(request, _("The re-contact link is updated."))
    return redirect("contacts:register")


# -- the citizen's self-service attempts ------------------------------------------

SESSION_ATTEMPTS = "contacts_attempts"
ATTEMPT_DAYS = 14


def _remember_attempts(request: HttpRequest, contact: Contact, cpr: str) -> bool:
    """Keep the ids (never the CPR number) of the citizen's recent attempts
    for the page that shows them; False when there are none."""
    found = selfservice.attempts_of(cpr, days=ATTEMPT_DAYS)
    if not found:
        return False
    request.session[SESSION_ATTEMPTS] = {
        "contact": contact.pk,
        "drafts": [a.draft_id for a in found if a.draft_id],
    }
    return True


def _own_contact(request: HttpRequest, pk: int) -> Contact:
    contact = Contact.objects.filter(pk=pk, registered_by_id=request.user.pk).first()
    remembered = request.session.get(SESSION_ATTEMPTS) or {}
    if contact is None or remembered.get("contact") != contact.pk or not contact.citizen_key:
        raise Http404
    return contact


def _citizen_of(contact: Contact, draft_id: str) -> str:
    """The CPR number behind an attempt, only when it is the contact's citizen."""
    cpr = selfservice.draft_owner(draft_id)
    if not cpr or citizen_key(cpr) != contact.citizen_key:
        raise PermissionDenied(_("The attempt belongs to another citizen."))
    return cpr


@registering_staff
def attempts(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen's self-service attempts of the last 14 days beside the
    contact just registered, each linkable in one click (an audited read)."""
    contact = _own_contact(request, pk)
    drafts = request.session[SESSION_ATTEMPTS]["drafts"]
    cpr = _citizen_of(contact, drafts[0]) if drafts else ""
    found = selfservice.attempts_of(cpr, days=ATTEMPT_DAYS) if cpr else []
    audit.citizen_data_viewed(
        request.user,
        cpr,
        f"self-service attempts of the last {ATTEMPT_DAYS} days (contact {contact.pk})",
        _("contact registration"),
    )
    link = AttemptLink.objects.filter(contact=contact).first()
    rows = [
        {
            "attempt": a,
            "state": AttemptOutcome(a.state).label,
            "linked": link is not None and str(link.draft_id) == a.draft_id,
            "form": LinkAttemptForm(
                initial={
                    "draft": a.draft_id,
                    "field": a.errors[0].field if a.errors else "",
                    "reason": services.suggested_reason(a),
                },
                auto_id=f"link-{a.draft_id}-%s",
            ),
            "continue_form": ContinueAttemptForm(
                initial={"draft": a.draft_id, "place": _place(contact)},
                auto_id=f"continue-{a.draft_id}-%s",
            ),
        }
        for a in found
        if a.draft_id in drafts
    ]
    return render(
        request,
        "contacts/attempts.html",
        {
            "contact": contact,
            "service_name": queries.service_names().get(contact.service, contact.service),
            "rows": rows,
            "link": link,
            "days": ATTEMPT_DAYS,
        },
    )


def _place(contact: Contact) -> str:
    return "phone" if contact.channel == Channel.PHONE else "counter"


@require_POST
@registering_staff
def link_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact(request, pk)
    form = LinkAttemptForm(request.POST)
    if (
        not form.is_valid()
        or str(form.cleaned_data["draft"]) not in (request.session[SESSION_ATTEMPTS]["drafts"])
    ):
        messages.error(request, _("Choose why the citizen made contact."))
        return redirect("contacts:attempts", pk=contact.pk)
    try:
        link = services.link_attempt(
            contact,
            draft_id=str(form.cleaned_data["draft"]),
            field=form.cleaned_data["field"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contacts:attempts", pk=contact.pk)
    contact.refresh_from_db()
    messages.success(
        request,
        _("The contact is linked to the self-service attempt (reason: %(reason)s).")
        % {"reason": contact.get_reason_display(), "step": link.step},
    )
    return redirect("contacts:attempts", pk=contact.pk)


@require_POST
@registering_staff
def continue_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    """Go on with the citizen's draft together with them: the citizen's
    consent is recorded and the assisted self-service opens at the step
    where they stopped."""
    contact = _own_contact(request, pk)
    form = ContinueAttemptForm(request.POST)
    if (
        not form.is_valid()
        or str(form.cleaned_data["draft"]) not in (request.session[SESSION_ATTEMPTS]["drafts"])
    ):
        messages.error(
            request, _("The citizen's consent is needed before you fill in the form for them.")
        )
        return redirect("contacts:attempts", pk=contact.pk)
    draft_id = str(form.cleaned_data["draft"])
    cpr = _citizen_of(contact, draft_id)
    attempt = selfservice.attempt_of(cpr, draft_id, days=ATTEMPT_DAYS)
    if attempt is None:
        raise Http404
    consent = assisted.record_consent(
        actor=request.user,
        cpr=cpr,
        service=attempt.service,
        place=form.cleaned_data["place"],
        valid_days=1,
    )
    draft = assisted.start(actor=request.user, consent=consent)
    # The check page sends staff on to the first step not yet filled in.
    return redirect("selfservice:assist-check", draft_id=draft.id)
