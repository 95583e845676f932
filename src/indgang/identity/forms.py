from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indgang.core.cpr import clean_cpr
from indgang.core.forms import DesignSystemForm
from indgang.identity import services


class StaffLoginForm(DesignSystemForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: AbstractBaseUser | None = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def ip_address(self) -> str | None:
        return self.request.META.get("REMOTE_ADDR")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        if services.login_locked(username, self.ip_address()):
            raise forms.ValidationError(
                _(
                    "Too many failed attempts. Wait 15 minutes and try again, "
                    "or ask your IT support to unlock your account."
                ),
                code="locked",
            )
        user = authenticate(self.request, username=username, password=password)
        if user is None or not user.is_active:
            services.record_failed_login(username, self.ip_address())
            raise forms.ValidationError(
                _("The username or password is wrong."), code="invalid_login"
            )
        self.user = user
        return data


class CitizenLookupForm(DesignSystemForm):
    cpr = forms.CharField(
        label=_("CPR number"), max_length=11, help_text=_("10 digits, e.g. 010190-1234")
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("Why you need the data. The citizen can see this."),
    )

    def clean_cpr(self) -> str:
        return clean_cpr(self.cleaned_data["cpr"])


class TestLoginForm(DesignSystemForm):
    cpr = forms.CharField(label=_("CPR number of a synthetic citizen"), max_length=11)
    cvr = forms.CharField(label=_("Act for a business (CVR number)"), max_length=8, required=False)

    def clean_cpr(self) -> str:
        return clean_cpr(self.cleaned_data["cpr"])
