"""ClamAV's daemon (clamd) over TCP or a unix socket, with the INSTREAM command.

Protocol: send ``zINSTREAM\\0``, then the file in chunks, each prefixed with its
length as a 4-byte big-endian integer, then a zero length. clamd answers
``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``.
"""

from __future__ import annotations

import socket
import struct

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from indgang.core.virusscan import ScanResult, VirusScanner, register

CHUNK = 64 * 1024
# A start-up check must not hold the server up for long.
CHECK_TIMEOUT = 1.0
WARNING = "indgang.W010"


def _connect(timeout: float) -> socket.socket:
    if settings.CLAMD_SOCKET:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(settings.CLAMD_SOCKET)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
    return reply.rstrip(b"\0\n").decode("utf-8", "replace").strip()


def parse(reply: str) -> ScanResult:
    """The result of clamd's reply line."""
    body = reply.split(": ", 1)[1] if ": " in reply else reply
    if body == "OK":
        return ScanResult("clean")
    if body.endswith(" FOUND"):
        return ScanResult("infected", body.removesuffix(" FOUND").strip())
    return ScanResult("error", body or "no reply from clamd")


def _where() -> str:
    if settings.CLAMD_SOCKET:
        return settings.CLAMD_SOCKET
    return f"{settings.CLAMD_HOST}:{settings.CLAMD_PORT}"


@register("clamd")
class ClamdScanner(VirusScanner):
    def scan(self, data: bytes) -> ScanResult:
        with _connect(settings.CLAMD_TIMEOUT) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            return parse(_read_reply(sock))

    def ping(self, timeout: float = CHECK_TIMEOUT) -> bool:
        with _connect(timeout) as sock:
            sock.sendall(b"zPING\0")
            return _read_reply(sock) == "PONG"

    def check(self) -> list[CheckMessage]:
        if not settings.CLAMD_SOCKET and not settings.CLAMD_HOST:
            return [
                Error(
                    "VIRUS_SCANNER is clamd but neither CLAMD_SOCKET nor CLAMD_HOST is set.",
                    id="indgang.E011",
                )
            ]
        try:
            if self.ping():
                return []
            return [Warning(f"clamd at {_where()} did not answer PING with PONG.", id=WARNING)]
        except OSError as error:
            return [
                Warning(
                    f"Cannot reach clamd at {_where()}: {error}. Uploads will be stored "
                    "with scan status 'error' until it is reachable.",
                    id=WARNING,
                )
            ]
