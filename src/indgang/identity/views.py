from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.identity import assurance, services
from indgang.identity.base import LoginFailed, ProviderLogoutFailed, RedirectingIdentityPlugin
from indgang.identity.citizen import (
    CitizenIdentity,
    current_citizen,
    log_in_citizen,
    log_out_citizen,
    required_level,
)
from indgang.identity.contrib.oidc import config as oidc_config
from indgang.identity.forms import CitizenLookupForm, StaffLoginForm, TestLoginForm
from indgang.identity.queries import staff_profile
from indgang.identity.registry import enabled_plugins, register
from indgang.registers import queries as registers


def _safe_next(request: HttpRequest, default: str = "/min-side/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# -- citizens ---------------------------------------------------------------


def _requested_level(request: HttpRequest) -> str:
    """The level the page behind the login needs (never below the site's minimum)."""
    return required_level(request.POST.get("niveau") or request.GET.get("niveau") or "")


def login_choice(request: HttpRequest) -> HttpResponse:
    plugins = enabled_plugins()
    level = _requested_level(request)
    return render(
        request,
        "identity/login.html",
        {
            "plugins": plugins,
            "next": _safe_next(request),
            "level": level,
            "level_label": assurance.label(level),
            "above_minimum": not assurance.meets(settings.CITIZEN_LEVEL_OF_ASSURANCE, level),
        },
    )


def _back_to_login(request: HttpRequest, next_url: str = "", level: str = "") -> HttpResponse:
    """The login page again, for the same page and level, so a retry is one click."""
    query = {
        "next": next_url or _safe_next(request, ""),
        "niveau": level or request.GET.get("niveau", ""),
    }
    query = {key: value for key, value in query.items() if value}
    url = reverse("identity:login")
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def login_start(request: HttpRequest, identifier: str) -> HttpResponse:
    if identifier not in register or not register[identifier].is_enabled():
        raise Http404
    try:
        return register[identifier].start(request, _safe_next(request), _requested_level(request))
    except LoginFailed as exc:
        messages.error(request, str(exc))
        return _back_to_login(request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    plugin = register["oidc"]
    if not plugin.is_enabled() or not isinstance(plugin, RedirectingIdentityPlugin):
        raise Http404
    try:
        identity, next_url = plugin.complete(request)
    except LoginFailed as exc:
        messages.error(request, str(exc))
        return _back_to_login(request, exc.next_url, exc.level)
    log_in_citizen(request, identity)
    return redirect(next_url)


def oidc_jwks(request: HttpRequest) -> HttpResponse:
    """Indgang's public key for private_key_jwt, for a provider that fetches it
    (give it this address as the client's jwks_uri)."""
    if settings.OIDC_CLIENT_AUTH_METHOD != "private_key_jwt":
        raise Http404
    try:
        key = oidc_config.client_key()
    except oidc_config.KeyProblem:
        raise Http404 from None  # reported at start-up by identity.E005
    return JsonResponse({"keys": [key.public_jwk()]})


def test_idp(request: HttpRequest) -> HttpResponse:
    if not register["test"].is_enabled():
        raise Http404
    next_url = _safe_next(request)
    form = TestLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = registers.person(form.cleaned_data["cpr"])
        cvr = form.cleaned_data["cvr"].strip()
        business = registers.business(cvr) if cvr else None
        if person is None:
            form.add_error("cpr", _("No synthetic citizen has this CPR number."))
        elif cvr and (business is None or person.cpr not in business.owner_cprs):
            form.add_error("cvr", _("This person cannot act for that business."))
        else:
            log_in_citizen(
                request,
                CitizenIdentity(
                    cpr=person.cpr,
                    name=person.name,
                    idp="test",
                    level_of_assurance=_requested_level(request),
                    cvr=business.cvr if business else "",
                    business_name=business.name if business else "",
                ),
            )
            return redirect(next_url)
    query = request.GET.get("q", "").strip()
    people = (
        [("", p) for p in registers.search_persons(query, 20)]
        if query
        else registers.demo_personas()
    )
    return render(
        request,
        "identity/test_idp.html",
        {
            "form": form,
            "people": people,
            "query": query,
            "next": next_url,
            "level": _requested_level(request),
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End Indgang's session and, where the citizen logged in at a provider
    that supports it, the provider's session too (so the next login asks again)."""
    citizen = current_citizen(request)
    provider_url, problem = None, ""
    if citizen is not None and citizen.idp in register:
        try:
            provider_url = register[citizen.idp].logout_url(request)
        except ProviderLogoutFailed as exc:
            problem = str(exc)
    log_out_citizen(request)
    if provider_url:
        # The provider sends the browser back to logged_out.
        return redirect(provider_url)
    messages.success(request, _("You are logged out."))
    if problem:
        messages.warning(request, problem)
    return redirect("core:home")


def logged_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the citizen after ending its session too."""
    if current_citizen(request) is None:
        messages.success(request, _("You are logged out of Indgang and MitID."))
    return redirect("core:home")


# -- staff ------------------------------------------------------------------


def staff_login(request: HttpRequest) -> HttpResponse:
    form = StaffLoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)  # type: ignore[arg-type]
        services.clear_failed_logins(form.cleaned_data["username"])
        return redirect(_safe_next(request, "/medarbejder/"))
    return render(request, "identity/staff_login.html", {"form": form})


@require_POST
def staff_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("core:home")


@login_required
@require_POST
def staff_citizen_lookup(request: HttpRequest) -> HttpResponse:
    form = CitizenLookupForm(request.POST)
    context: dict[str, object] = {"profile": staff_profile(request.user), "form": form}
    context["can_look_up"] = True
    if not form.is_valid():
        return render(request, "identity/staff_home.html", context, status=400)
    try:
        person = services.view_citizen(
            actor=request.user,
            cpr=form.cleaned_data["cpr"],
            purpose=form.cleaned_data["purpose"],
        )
    except services.CitizenNotFound:
        form.add_error("cpr", _("No citizen with this CPR number is in the register."))
        return render(request, "identity/staff_home.html", context, status=404)
    except PermissionDenied:
        raise
    return render(
        request,
        "identity/staff_citizen.html",
        {
            "person": person,
            "sources": registers.source_names(),
            "purpose": form.cleaned_data["purpose"],
        },
    )
