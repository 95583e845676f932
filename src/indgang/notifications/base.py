"""The SMS gateway interface. The demo plugin keeps an outbox table that
developers can read; the HTTP plugin posts to the provider's JSON API."""

from __future__ import annotations

from dataclasses import dataclass

from indgang.core.registry import Plugin


@dataclass(frozen=True)
class Sent:
    """What the gateway said. ``delivered`` is False when the gateway only
    accepted the message and will report delivery later (a callback)."""

    provider_ref: str
    delivered: bool = True


class PermanentFailure(Exception):
    """The gateway refused the message for good (bad number, bad request):
    sending it again will not help, so it is not retried."""


class SmsGateway(Plugin):
    def send(self, *, to: str, text: str, reference: str) -> Sent:
        """Send one SMS to an E.164 number. ``reference`` is Indgang's own id
        for the message. Raise PermanentFailure, or any other exception for a
        failure worth retrying."""
        raise NotImplementedError
