"""Files a citizen attaches to a draft: the real type is sniffed from the bytes.

An upload is stored on the server with the draft as soon as it passes its
checks, so a validation error elsewhere on the page never loses it. Every
stored file goes through ``scan`` first: today it only records that no
scanner ran; the virus scanner (issue 4) plugs in there.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

# (type name, MIME type, test on the first bytes)
_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("pdf", "application/pdf"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("heic", "image/heic"),
)
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
TYPE_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "heic": "HEIC"}
DEFAULT_ACCEPT = ("pdf", "jpeg", "png", "heic")


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes ("pdf", "jpeg", "png", "heic"), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "heic"
    return None


def mime_type(kind: str) -> str:
    return dict(_SIGNATURES)[kind]


def max_bytes(item: dict[str, Any]) -> int:
    limit_mb = min(
        int(item.get("max_mb", settings.SELFSERVICE_UPLOAD_MAX_MB)),
        settings.SELFSERVICE_UPLOAD_MAX_MB,
    )
    return limit_mb * 1024 * 1024


def problem(item: dict[str, Any], name: str, size: int, head: bytes) -> tuple[str, str] | None:
    """(rule, message) when an upload breaks the field's type or size limit."""
    accept = tuple(item.get("accept", DEFAULT_ACCEPT))
    limit = max_bytes(item)
    if size == 0:
        return "file_empty", _("The file %(name)s is empty.") % {"name": name}
    if size > limit:
        return "file_size", _("The file %(name)s is too large. It can be at most %(mb)s MB.") % {
            "name": name,
            "mb": limit // (1024 * 1024),
        }
    kind = sniff(head)
    if kind not in accept:
        return "file_type", _("The file %(name)s must be %(types)s.") % {
            "name": name,
            "types": _(" or ").join(TYPE_LABELS[k] for k in accept),
        }
    return None


def scan(data: bytes) -> str:
    """The seam for a virus scanner (issue 4): return "clean", "infected" or
    "not_scanned". Until a scanner is configured nothing is scanned."""
    return "not_scanned"
