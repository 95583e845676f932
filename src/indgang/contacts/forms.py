from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.contacts.constants import Channel, Outcome, Reason
from indgang.core import numbers
from indgang.core.cpr import clean_cpr
from indgang.core.forms import DesignSystemForm


class ChannelForm(DesignSystemForm):
    channel = forms.ChoiceField(label=_("My channel"), choices=Channel.choices)


class RegisterForm(DesignSystemForm):
    """The "more" form: everything beyond one click, all optional but the service."""

    service = forms.ChoiceField(label=_("Service or topic"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, initial=Outcome.RESOLVED
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Not stated")), *Reason.choices], required=False
    )
    minutes = numbers.WholeNumberField(
        label=_("Duration in minutes"), min_value=0, max_value=600, required=False
    )
    cpr = forms.CharField(
        label=_("Citizen's CPR number"),
        max_length=11,
        required=False,
        help_text=_(
            "Optional. Lets the register see re-contacts; the number is not stored. "
            "The look-up is recorded with your name."
        ),
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        field.choices = [("", _("Choose a service")), *services]  # type: ignore[attr-defined]
        # DesignSystemForm validated while wiring ARIA attributes, before the
        # choices were known: validate again against the real choices.
        self._errors = None  # type: ignore[assignment]
        for attr in ("aria-invalid", "aria-describedby"):
            field.widget.attrs.pop(attr, None)

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data["cpr"]
        return clean_cpr(value) if value.strip() else ""
