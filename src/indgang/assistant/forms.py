from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.assistant.answers import MAX_QUESTION
from indgang.cases.forms import CPR_PATTERN
from indgang.core.forms import DesignSystemForm


class AskForm(DesignSystemForm):
    question = forms.CharField(
        label=_("Your question"),
        help_text=_(
            "Ask in your own words, in Danish or English. Do not write your CPR number "
            "or other personal information."
        ),
        max_length=MAX_QUESTION,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Write your question."),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args: Any, anonymous: bool = True, **kwargs: Any) -> None:
        self.anonymous = anonymous
        super().__init__(*args, **kwargs)

    def clean_question(self) -> str:
        question: str = " ".join(self.cleaned_data["question"].split())
        # The same rule as the contact form without login: no CPR numbers.
        if self.anonymous and CPR_PATTERN.search(question):
            raise forms.ValidationError(
                _(
                    "Remove the CPR number from your question. Log in with MitID to "
                    "write about your own matter."
                )
            )
        return question


class HandOffForm(DesignSystemForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_(
            "We send the answer here. You are not logged in, so we cannot use Digital Post."
        ),
        error_messages={
            "required": _("Write your e-mail address so we can answer you."),
            "invalid": _("Write a valid e-mail address, like navn@eksempel.dk."),
        },
    )
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, anonymous: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not anonymous:
            del self.fields["email"]


class ChatForm(DesignSystemForm):
    """One message in a live chat (the citizen's: a single line, Enter sends)."""

    text = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Write a message."),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )


class StaffChatForm(DesignSystemForm):
    """The staff member's reply; a reply template can fill it."""

    text = forms.CharField(
        label=_("Reply to the citizen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message."),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )
