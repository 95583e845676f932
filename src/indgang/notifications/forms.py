from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.core.forms import DesignSystemForm
from indgang.notifications.phone import PhoneField


class ContactDetailsForm(DesignSystemForm):
    phone = PhoneField(
        label=_("Mobile number"),
        help_text=_("We send a short SMS when there is news. Leave it empty for no SMS."),
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
