"""Checking an uploaded attachment: real type from the bytes, size, virus scan.

The checks themselves live in ``indgang.core.files``; this module turns their
answers into the messages a citizen or caseworker sees.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indgang.core import files
from indgang.core.events import UploadedFile
from indgang.messaging.constants import ATTACHMENT_TYPES

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
