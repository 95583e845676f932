"""Errors raised for bad event-log input.

Every error carries a stable machine code (for the API and tests) and a
message in Danish and English (for the analyst), so the UI never has to
show a raw library exception.
"""

from __future__ import annotations

from typing import Any


class EventLogError(Exception):
    """An event log could not be read or does not fit the requested mapping."""

    def __init__(self, code: str, message_da: str, message_en: str, **details: Any) -> None:
        super().__init__(f"[{code}] {message_en}")
        self.code = code
        self.message_da = message_da
        self.message_en = message_en
        self.details: dict[str, Any] = details

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message_da": self.message_da,
            "message_en": self.message_en,
            "details": self.details,
        }
