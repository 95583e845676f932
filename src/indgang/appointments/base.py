"""The SMS gateway interface. The demo plugin keeps an outbox table; a real
gateway (e.g. the municipality's SMS provider) implements ``send``."""

from __future__ import annotations

from typing import Protocol


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str, booking_id: int | None = None) -> str:
        """Send one SMS; return the gateway's message id. Raise on failure."""
        ...

    def check(self) -> list[str]:
        """Configuration problems, in plain words; empty when ready."""
        ...
