from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.core.forms import DesignSystemForm
from indgang.notifications.services import normalise_phone


class ContactDetailsForm(DesignSystemForm):
    phone = forms.CharField(
        label=_("Mobile number"),
        help_text=_("We send a short SMS when there is news. Leave it empty for no SMS."),
        max_length=20,
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Leave it empty for no e-mail."),
        required=False,
        error_messages={"invalid": _("Write an e-mail address like name@example.dk.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the notifications"),
        choices=[("da", _("Danish")), ("en", _("English"))],
        initial="da",
    )

    def clean_phone(self) -> str:
        number: str = self.cleaned_data["phone"].strip()
        if not number:
            return ""
        normalised = normalise_phone(number)
        if normalised is None:
            raise forms.ValidationError(
                _(
                    "Write a mobile number of 8 digits, like 20 12 34 56, or with "
                    "a country code, like +46 70 123 45 67."
                ),
                code="invalid",
            )
        return normalised
