from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indgang.core.cpr import clean_cpr
from indgang.core.forms import DesignSystemForm
from indgang.identity import services

if TYPE_CHECKING:
    from django.contrib.auth.models import User


LOCKED_MESSAGE = _(
    "Too many failed attempts. Wait 15 minutes and try again, "
    "or ask your IT support to unlock your account."
)


class StaffLoginForm(DesignSystemForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: AbstractBaseUser | None = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        try:
            self.user = services.check_password(self.request, username, password)
        except services.LoginLocked:
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked") from None
        if self.user is None:
            raise forms.ValidationError(
                _("The username or password is wrong."), code="invalid_login"
            )
        return data


class AdminLoginForm(AdminAuthenticationForm):
    """Django admin's login with the staff login's rate limit."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                user = services.check_password(self.request, username, password)
            except services.LoginLocked:
                raise forms.ValidationError(LOCKED_MESSAGE, code="locked") from None
            if user is None:
                raise self.get_invalid_login_error()
            self.user_cache = cast("User", user)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


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
