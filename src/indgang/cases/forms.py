from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.cases.constants import TRANSITIONS, CaseState
from indgang.cases.models import Case
from indgang.cases.queries import topics
from indgang.core.attachments import AttachmentsForm
from indgang.core.forms import DesignSystemForm
from indgang.core.models import Team


class ContactForm(AttachmentsForm):
    field_order = ["topic", "subject", "text", "attachments"]

    topic = forms.ChoiceField(
        label=_("What is it about?"),
        required=False,
        help_text=_("If you are not sure, just write. We send it to the right place."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": _("Write your message.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", _("I don't know / something else"))
        ] + [(t.slug, t.name) for t in topics().order_by("name")]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Write a few words about what you need."))
        return text


# A CPR number, with or without the dash (ddmmyy-xxxx).
CPR_PATTERN = re.compile(r"(?<!\d)[0-3]\d[01]\d\d{2}[- ]?\d{4}(?!\d)")
ANONYMOUS_MAX_LENGTH = 1000


class AnonymousContactForm(DesignSystemForm):
    """General questions without login: no CPR number, no personal matters."""

    text = forms.CharField(
        label=_("Your question"),
        help_text=_(
            "Only general questions. Do not write your CPR number, health or other "
            "personal information: this form is not secure for personal matters. "
            "At most %(limit)s characters."
        )
        % {"limit": ANONYMOUS_MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=ANONYMOUS_MAX_LENGTH,
        error_messages={
            "required": _("Write your question."),
            "max_length": _(
                "Write at most %(limit_value)d characters (you wrote %(show_value)d). "
                "For a longer or personal matter, log in with MitID."
            ),
        },
    )
    email = forms.EmailField(
        label=_("E-mail for the answer"),
        help_text=_("Leave it empty if you do not need an answer."),
        required=False,
        error_messages={"invalid": _("Write a valid e-mail address, like navn@eksempel.dk.")},
    )
    # A honeypot: hidden from people (and screen readers); bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Write a few words about what you need."))
        if CPR_PATTERN.search(text):
            raise forms.ValidationError(
                _(
                    "Remove the CPR number from your question. Log in with MitID to "
                    "write about your own matter."
                )
            )
        return text

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class TransitionForm(DesignSystemForm):
    state = forms.ChoiceField(label=_("New state"), choices=CaseState.choices)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(case.state, frozenset())
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            c for c in CaseState.choices if c[0] in allowed
        ]


class NoteForm(DesignSystemForm):
    text = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write the note.")},
    )


class TeamChoiceField(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.administration.name} – {obj.name}"


class TransferForm(DesignSystemForm):
    team = TeamChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("administration").order_by("administration", "name"),
        error_messages={"required": _("Choose a team.")},
    )
    reason = forms.CharField(label=_("Why"), max_length=200, required=False)


class AssignForm(DesignSystemForm):
    assignee = forms.ChoiceField(label=_("Caseworker"), required=False)

    def __init__(self, *args: Any, staff: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Nobody (back to the queue)"))
        ] + [(str(u.pk), u.get_full_name() or u.get_username()) for u in staff]
