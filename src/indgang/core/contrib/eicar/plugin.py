"""Demo scanner: finds the EICAR anti-virus test file and nothing else.

Like real scanners it finds the 68-byte EICAR string anywhere near the start of
a file, so a PDF with the string inside is caught too. Everything else is
reported clean, which is why production must use a real scanner (clamd).
"""

from __future__ import annotations

from indgang.core.virusscan import ScanResult, VirusScanner, register

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# How far into a file to look; the test string is meant to sit near the start.
WINDOW = 64 * 1024


@register("demo")
class DemoScanner(VirusScanner):
    is_demo = True

    def scan(self, data: bytes) -> ScanResult:
        if EICAR in data[:WINDOW]:
            return ScanResult("infected", "Eicar-Test-Signature")
        return ScanResult("clean")
