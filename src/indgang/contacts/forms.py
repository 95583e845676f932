from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.contacts.constants import Channel, Outcome, Reason
from indgang.core import numbers
from indgang.core.cpr import clean_cpr
from indgang.core.forms import DesignSystemForm
from indgang.selfservice.models import AssistConsent

ASSIST_PLACES = AssistConsent.Place.choices


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


# The reasons staff choose between when they link a contact to an attempt.
ATTEMPT_REASONS = (
    Reason.NOT_UNDERSTOOD,
    Reason.TECHNICAL_ERROR,
    Reason.CHASING,
    Reason.GUIDANCE,
)


class LinkAttemptForm(DesignSystemForm):
    """ "This contact is about that attempt": the field and the reason."""

    draft = forms.UUIDField(widget=forms.HiddenInput)
    field = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Why did the citizen make contact?"),
        choices=[(r.value, r.label) for r in ATTEMPT_REASONS],
        widget=forms.RadioSelect,
    )


class ContinueAttemptForm(DesignSystemForm):
    """Go on with the draft together with the citizen (assisted self-service)."""

    draft = forms.UUIDField(widget=forms.HiddenInput)
    place = forms.ChoiceField(label=_("Where are you helping?"), choices=ASSIST_PLACES)
    consent = forms.BooleanField(
        label=_(
            "The citizen has agreed that I fill in this self-service in their name "
            "and see the data it shows."
        )
    )
