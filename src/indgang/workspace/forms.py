from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.cases.constants import CaseState
from indgang.catalogue.constants import Channel, PriorityReason
from indgang.core.forms import DesignSystemForm
from indgang.directory.constants import ContactKind
from indgang.directory.hours import validate_expression


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Case number, citizen or words"),
        required=False,
        max_length=200,
        help_text=_("A search by CPR number is recorded, and the citizen can see it."),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *CaseState.choices]
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Only overdue cases"), required=False)

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Any team")), *teams]  # type: ignore[attr-defined]


class UnitForm(DesignSystemForm):
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    street = forms.CharField(label=_("Street and number"), required=False, max_length=150)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=4)
    city = forms.CharField(label=_("City"), required=False, max_length=60)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        max_length=255,
        help_text=_(
            "OpenStreetMap syntax, e.g. “Mo-We,Fr 10:00-15:00; Th 10:00-17:30”. "
            "Closed on Danish public holidays unless the hours say “PH”."
        ),
        validators=[validate_expression],
    )


class ContactPointForm(DesignSystemForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    label = forms.CharField(label=_("Label"), required=False, max_length=100)
    value = forms.CharField(label=_("Number or address"), required=False, max_length=255)
    hours = forms.CharField(
        label=_("Hours"), required=False, max_length=255, validators=[validate_expression]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.cleaned_data.get("DELETE") and data.get("label") and not data.get("value"):
            self.add_error("value", _("Write the number or address."))
        return data


ContactPointFormSet = forms.formset_factory(ContactPointForm, extra=1, can_delete=True)


class ExceptionForm(DesignSystemForm):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose the date."), "invalid": _("Choose a valid date.")},
    )
    hours = forms.CharField(
        label=_("Hours that day"),
        required=False,
        max_length=100,
        help_text=_("Leave empty when the place is closed all day; otherwise e.g. “10:00-12:00”."),
        validators=[validate_expression],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=100,
        help_text=_("Shown to citizens, e.g. “Christmas Eve”."),
        error_messages={"required": _("Write the reason citizens will see.")},
    )


class ServiceForm(DesignSystemForm):
    summary = forms.CharField(
        label=_("Plain-language description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the service in a few plain sentences.")},
    )
    who_can_get = forms.CharField(
        label=_("Who can get it"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_you_need = forms.CharField(
        label=_("What you need"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    fees = forms.CharField(label=_("Fees"), required=False, max_length=200)
    keywords = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=300,
        help_text=_("Other words citizens use for this service, separated by spaces."),
    )
    # English: an empty field shows the Danish text on the English pages.
    name_en = forms.CharField(label=_("Name in English"), required=False, max_length=150)
    summary_en = forms.CharField(
        label=_("Plain-language description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    who_can_get_en = forms.CharField(
        label=_("Who can get it, in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_you_need_en = forms.CharField(
        label=_("What you need, in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    fees_en = forms.CharField(label=_("Fees in English"), required=False, max_length=200)
    keywords_en = forms.CharField(
        label=_("Search words in English"), required=False, max_length=300
    )


class ChannelForm(DesignSystemForm):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", "–"), *Channel.choices]
    )
    reason = forms.ChoiceField(label=_("Why"), required=False, choices=PriorityReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class BaseChannelFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            channel = (getattr(form, "cleaned_data", None) or {}).get("channel")
            if channel and channel in seen:
                form.add_error("channel", _("Each channel can be listed once."))
            seen.add(channel or "")


ChannelFormSet = forms.formset_factory(ChannelForm, formset=BaseChannelFormSet, extra=1)
