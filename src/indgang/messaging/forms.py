from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from indgang.core.forms import DesignSystemForm
from indgang.messaging.attachments import CheckedFile, check_upload
from indgang.messaging.constants import MAX_ATTACHMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-file-input"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _attachments_help() -> str:
    return str(_("PDF, JPEG or PNG, at most %(mb)s MB each, up to %(count)s files.")) % {
        "mb": settings.MESSAGING_ATTACHMENT_MAX_MB,
        "count": MAX_ATTACHMENTS,
    }


class AttachmentsForm(DesignSystemForm):
    """Attachments checked like every upload (real type, size, virus scan);
    the checked files are in ``checked_files``. The contact form uses it too."""

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=lazy(_attachments_help, str)(),
        widget=MultipleFileInput(attrs={"class": "form-file-input", "accept": ".pdf,.jpg,.png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.checked_files: list[CheckedFile] = []
        super().__init__(*args, **kwargs)

    def clean_attachments(self) -> list[Any]:
        uploads: list[Any] = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("You can attach at most %(count)s files."), params={"count": MAX_ATTACHMENTS}
            )
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                self.checked_files.append(check_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return uploads


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
