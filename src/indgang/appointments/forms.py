from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from indgang.appointments.queries import Slot
from indgang.core.forms import DesignSystemForm
from indgang.directory.hours import LOCAL, clock
from indgang.notifications.phone import PhoneField


def slot_choices(slots: list[Slot]) -> list[tuple[str, str]]:
    return [
        (
            s.starts_at.isoformat(),
            f"{formats.date_format(s.starts_at.astimezone(LOCAL), 'l j. F')} {clock(s.starts_at)}",
        )
        for s in slots
    ]


class SlotField(forms.ChoiceField):
    """Offers the free times, but accepts any time so that one taken since the
    page was shown gets the booking service's explanation and alternatives."""

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class SlotForm(DesignSystemForm):
    starts_at = SlotField(label=_("Time"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["starts_at"]
        assert isinstance(field, SlotField)
        field.choices = slot_choices(slots)
        # DesignSystemForm looked at the errors before the choices existed.
        self._errors = None  # type: ignore[assignment]

    def clean_starts_at(self) -> dt.datetime:
        try:
            moment = dt.datetime.fromisoformat(self.cleaned_data["starts_at"])
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise forms.ValidationError(_("Choose one of the times."), code="invalid")
        return moment


class BookingForm(SlotForm):
    phone = PhoneField(label=_("Mobile number for an SMS reminder"), required=False)
    email = forms.EmailField(label=_("E-mail for confirmation and reminder"), required=False)
