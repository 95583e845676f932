"""Files people upload: the real type is sniffed from the bytes, size limits
are checked, and every file is virus-scanned before it is stored.

One module for every app that takes files (self-service, contact forms,
messages), so a file is judged the same way everywhere::

    problem = files.problem(name, size, head, accept=("pdf", "png"), max_bytes=limit)
    result = files.scan(data)          # ScanResult(status, signature)
    refusal = files.virus_problem(name, result)

or all at once with ``files.check_upload(name, data, accept=..., max_bytes=...)``.

A file whose scan failed (scanner down) is kept, never lost, but held: it is
not handed out (``refuse_unless_clean``) until ``indgang files rescan`` has
found it clean. Each app that keeps files registers a ``FileStore``.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from indgang.core.registry import Plugin, Registry
from indgang.core.virusscan import ScanResult, scanner

__all__ = [
    "KNOWN_TYPES",
    "TYPE_LABELS",
    "Checked",
    "FileStore",
    "ScanResult",
    "check_upload",
    "mime_type",
    "problem",
    "refuse_unless_clean",
    "rescan",
    "scan",
    "sniff",
    "stores",
    "virus_problem",
]

logger = logging.getLogger(__name__)

_MIME_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KNOWN_TYPES = tuple(_MIME_TYPES)
TYPE_LABELS = {
    "pdf": "PDF",
    "jpeg": "JPEG",
    "png": "PNG",
    "heic": "HEIC",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
}
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# The main part an Office Open XML package declares in [Content_Types].xml.
_OFFICE_MAIN_PARTS = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# A [Content_Types].xml larger than this is not a real Office file (and may be a zip bomb).
_CONTENT_TYPES_LIMIT = 256 * 1024


def sniff(head: bytes) -> str | None:
    """The file type from its bytes: "pdf", "jpeg", "png", "heic", "docx",
    "xlsx", or None. The first 16 bytes are enough except for docx/xlsx, which
    are zip archives: pass the whole file to recognise those."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "heic"
    if head.startswith(b"PK\x03\x04"):
        return _office(head)
    return None


def _office(data: bytes) -> str | None:
    """docx or xlsx when the zip declares a Word document or workbook as its
    main part (a renamed zip or a macro-enabled .docm is not accepted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_LIMIT:
                return None
            content_types = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    for kind, main_part in _OFFICE_MAIN_PARTS.items():
        if b'ContentType="' + main_part + b'"' in content_types:
            return kind
    return None


def mime_type(kind: str) -> str:
    """The MIME type to store and serve a sniffed file with."""
    return _MIME_TYPES[kind]


def problem(
    name: str, size: int, head: bytes, *, accept: tuple[str, ...], max_bytes: int
) -> tuple[str, str] | None:
    """(rule, message) when an upload is empty, too large or not one of the
    accepted types; None when it passes. Rules: file_empty, file_size, file_type."""
    if size == 0:
        return "file_empty", _("The file %(name)s is empty.") % {"name": name}
    if size > max_bytes:
        return "file_size", _("The file %(name)s is too large. It can be at most %(mb)s MB.") % {
            "name": name,
            "mb": max(1, max_bytes // (1024 * 1024)),
        }
    if sniff(head) not in accept:
        return "file_type", _("The file %(name)s must be %(types)s.") % {
            "name": name,
            "types": _(" or ").join(TYPE_LABELS[k] for k in accept),
        }
    return None


def scan(data: bytes) -> ScanResult:
    """Scan the file with the configured scanner (setting VIRUS_SCANNER).
    A scanner that fails gives status "error" rather than an exception, so
    the caller decides; the error is logged."""
    try:
        return scanner().scan(data)
    except Exception as error:
        logger.warning("virus scan failed: %s", error)
        return ScanResult("error", str(error)[:200] or type(error).__name__)


def virus_problem(name: str, result: ScanResult) -> tuple[str, str] | None:
    """(rule "file_virus", message) when the scan found a virus."""
    if result.status != "infected":
        return None
    return "file_virus", _("The file %(name)s contains a virus and has been refused.") % {
        "name": name
    }


@dataclass(frozen=True)
class Checked:
    """An upload judged: ``problem`` is None when it may be stored."""

    kind: str | None
    scan: ScanResult | None
    problem: tuple[str, str] | None

    @property
    def mime_type(self) -> str:
        return mime_type(self.kind) if self.kind else "application/octet-stream"


def check_upload(name: str, data: bytes, *, accept: tuple[str, ...], max_bytes: int) -> Checked:
    """Size, virus scan and type in one go. A virus is reported before a
    wrong type, so an infected file is always named as such."""
    found = problem(name, len(data), data, accept=accept, max_bytes=max_bytes)
    if found and found[0] != "file_type":
        return Checked(kind=None, scan=None, problem=found)
    result = scan(data)
    found = virus_problem(name, result) or found
    return Checked(kind=None if found else sniff(data), scan=result, problem=found)


# Statuses a rescan looks at: the scanner failed, or the file predates scanning.
UNSCANNED = ("error", "not_scanned")


class FileStore(Plugin):
    """Where an app keeps uploaded files, so a rescan can reach them."""

    def unscanned(self) -> Iterable[tuple[str, bytes]]:
        """(id, bytes) of every stored file whose status is in ``UNSCANNED``."""
        raise NotImplementedError

    def record(self, file_id: str, result: ScanResult) -> None:
        """Store the new scan status of one file."""
        raise NotImplementedError


stores: Registry[FileStore] = Registry("file store")


def rescan() -> dict[str, dict[str, int]]:
    """Scan again every file a failed scan left unscanned, in every store.

    Returns, per store, how many files came out clean, infected or still in
    error. An infected file stays stored (evidence for the case) but is never
    handed out; ``logger.error`` names it so operations can act.
    """
    counts: dict[str, dict[str, int]] = {}
    for name, store in stores:
        tally = {"clean": 0, "infected": 0, "error": 0}
        for file_id, data in store.unscanned():
            result = scan(data)
            store.record(file_id, result)
            tally[result.status] = tally.get(result.status, 0) + 1
            if result.infected:
                logger.error("rescan: %s file %s is infected (%s)", name, file_id, result.signature)
        counts[name] = tally
    return counts


def refuse_unless_clean(name: str, scan_status: str) -> None:
    """Hand out only files scanned clean; say why otherwise (PermissionDenied)."""
    if scan_status == "clean":
        return
    if scan_status == "infected":
        raise PermissionDenied(
            _("The file %(name)s contains a virus and cannot be downloaded.") % {"name": name}
        )
    raise PermissionDenied(
        _(
            "The file %(name)s has not been virus-scanned yet because the scanner was "
            "unavailable. It is kept safe; try again later."
        )
        % {"name": name}
    )
