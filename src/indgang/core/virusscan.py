"""The virus scanner interface and its plugin registry.

``indgang.core.files.scan`` is the one way to scan a file; it asks the plugin
named by the ``VIRUS_SCANNER`` setting. The demo plugin recognises the EICAR
test file; the ``clamd`` plugin talks to ClamAV's daemon (see
docs/operations.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.conf import settings

from indgang.core.registry import Plugin, Registry

ScanStatus = Literal["clean", "infected", "error", "not_scanned"]


@dataclass(frozen=True)
class ScanResult:
    """The outcome of one scan. ``signature`` names the virus when infected,
    and says what went wrong when the status is "error"."""

    status: ScanStatus
    signature: str = ""

    @property
    def infected(self) -> bool:
        return self.status == "infected"


class VirusScanner(Plugin):
    def scan(self, data: bytes) -> ScanResult:
        """Scan the bytes. May raise; ``files.scan`` turns that into "error"."""
        raise NotImplementedError


# Plugins: core/contrib/eicar (demo), core/contrib/clamd.
virus_scanners: Registry[VirusScanner] = Registry(
    "virus scanner", setting="VIRUS_SCANNER", unknown_id="indgang.E010"
)
register = virus_scanners.register


def scanner() -> VirusScanner:
    return virus_scanners[settings.VIRUS_SCANNER]
