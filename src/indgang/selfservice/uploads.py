"""Files a citizen attaches to a draft.

The judging (type sniffed from the bytes, size, virus scan) lives in
``indgang.core.files``; this module adds the self-service field's own limits.
An upload is stored on the server with the draft as soon as it passes its
checks, so a validation error elsewhere on the page never loses it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from indgang.core import files
from indgang.core.files import TYPE_LABELS, ScanResult, mime_type, scan, sniff, virus_problem

__all__ = [
    "DEFAULT_ACCEPT",
    "TYPE_LABELS",
    "ScanResult",
    "max_bytes",
    "max_files",
    "mime_type",
    "problem",
    "scan",
    "sniff",
    "virus_problem",
]

DEFAULT_ACCEPT = ("pdf", "jpeg", "png", "heic")


def max_bytes(item: dict[str, Any]) -> int:
    limit_mb = min(
        int(item.get("max_mb", settings.SELFSERVICE_UPLOAD_MAX_MB)),
        settings.SELFSERVICE_UPLOAD_MAX_MB,
    )
    return limit_mb * 1024 * 1024


def max_files(item: dict[str, Any]) -> int:
    """How many files one file field holds (the definition may set fewer)."""
    return min(
        int(item.get("max_files", settings.SELFSERVICE_UPLOAD_MAX_FILES)),
        settings.SELFSERVICE_UPLOAD_MAX_FILES,
    )


def too_many(item: dict[str, Any]) -> tuple[str, str]:
    return (
        "too_many_files",
        _("You can attach at most %(count)s files here.") % {"count": max_files(item)},
    )


def problem(item: dict[str, Any], name: str, size: int, head: bytes) -> tuple[str, str] | None:
    """(rule, message) when an upload breaks the field's type or size limit."""
    return files.problem(
        name,
        size,
        head,
        accept=tuple(item.get("accept", DEFAULT_ACCEPT)),
        max_bytes=max_bytes(item),
    )
