"""Attachments to a message or an inquiry: checked on upload (real type from
the bytes, size, virus scan) and offered as one form.

The checks themselves live in ``indgang.core.files``; this module turns their
answers into the messages a citizen or caseworker sees. Messaging (a reply)
and cases (the contact form) both use ``AttachmentsForm``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.core import files
from indgang.core.events import UploadedFile
from indgang.core.forms import DesignSystemForm

# Types a citizen or caseworker may attach (core.files type names).
ATTACHMENT_TYPES = ("pdf", "jpeg", "png")
MAX_ATTACHMENTS = 5

# A checked file travels with the ``CaseCreated`` event, so it is the event's type.
CheckedFile = UploadedFile


def max_bytes() -> int:
    return int(settings.MESSAGING_ATTACHMENT_MAX_MB) * 1024 * 1024


def check_upload(upload: Any) -> CheckedFile:
    """Read and check one uploaded file; raise ValidationError with a plain message."""
    name = str(upload.name)[:200]
    data = upload.read(max_bytes() + 1)
    checked = files.check_upload(name, data, accept=ATTACHMENT_TYPES, max_bytes=max_bytes())
    if checked.problem is not None:
        rule, text = checked.problem
        if rule == "file_virus":
            text = _(
                "The file %(name)s contains a virus, so we did not attach it. Nothing was sent."
            ) % {"name": name}
        raise ValidationError(text, code=rule)
    status = checked.scan.status if checked.scan else "not_scanned"
    if status == "error":
        raise ValidationError(
            _("We could not check the file %(name)s for viruses. Try again in a moment.")
            % {"name": name},
            code="scan_error",
        )
    return CheckedFile(name=name, content_type=checked.mime_type, data=data, scan_status=status)


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
        label=gettext_lazy("Attachments"),
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
