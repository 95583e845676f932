from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indgang.core.attachments import AttachmentsForm


class MessageForm(AttachmentsForm):
    field_order = ["body", "attachments"]

    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": _("Write your message.")},
    )

    def clean_body(self) -> str:
        body: str = (self.cleaned_data.get("body") or "").strip()
        if not body:
            raise ValidationError(_("Write your message."))
        return body


class ReplyForm(MessageForm):
    body = forms.CharField(
        label=_("Reply to the citizen"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        error_messages={"required": _("Write the reply.")},
    )
    await_citizen = forms.BooleanField(
        label=_("Wait for the citizen's answer (the deadline pauses)"), required=False
    )

    def clean_body(self) -> str:
        body: str = (self.cleaned_data.get("body") or "").strip()
        if not body:
            raise ValidationError(_("Write the reply."))
        return body
