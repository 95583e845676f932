"""Digital Post through Serviceplatformen: SF1601 KombiPostAfsend.

Configured by the organisation certificate (unified PEM: certificate and
key) and the municipality's CVR number. python-serviceplatformen fetches the
SAML and access tokens and posts the MeMo message; we only build the
message and keep the transaction id it returns.

Settings: ``MESSAGING_SF1601_CERTIFICATE`` (path), ``MESSAGING_SENDER_CVR``,
``MESSAGING_SF1601_TEST`` (use Serviceplatformen's test environment).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import requests
from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured
from python_serviceplatformen import digital_post  # type: ignore[import-untyped]
from python_serviceplatformen.authentication import (  # type: ignore[import-untyped]
    KombitAccess,
)

from indgang.messaging import memo
from indgang.messaging.base import DeliveryFailed, DigitalPostPlugin
from indgang.messaging.registry import register

if TYPE_CHECKING:
    from indgang.messaging.models import Message


@register("sf1601")
class Sf1601Plugin(DigitalPostPlugin):
    def __init__(self) -> None:
        # Tokens are cached on the KombitAccess object: keep one per configuration.
        self._access: KombitAccess | None = None
        self._config: tuple[str, str, bool] | None = None

    def access(self) -> KombitAccess:
        problems = self.check()
        if problems:
            raise ImproperlyConfigured(" ".join(str(problem.msg) for problem in problems))
        config = (
            settings.MESSAGING_SENDER_CVR,
            settings.MESSAGING_SF1601_CERTIFICATE,
            settings.MESSAGING_SF1601_TEST,
        )
        if self._access is None or self._config != config:
            self._access = KombitAccess(cvr=config[0], cert_path=config[1], test=config[2])
            self._config = config
        return self._access

    def deliver(self, message: Message) -> str:
        access = self.access()
        try:
            transaction_id: str = digital_post.send_message(
                "Digital Post", memo.build(message), access
            )
        except (requests.RequestException, ValueError) as error:
            raise DeliveryFailed(f"SF1601: {error}") from error
        return transaction_id

    def check(self) -> list[CheckMessage]:
        path = settings.MESSAGING_SF1601_CERTIFICATE
        if not path:
            problem = (
                "MESSAGING_SF1601_CERTIFICATE is not set: the SF1601 plugin needs the "
                "organisation certificate (PEM with the private key)."
            )
        elif not Path(path).is_file():
            problem = f"The SF1601 certificate file {path} does not exist or is not a file."
        else:
            return []
        return [Error(problem, id="messaging.E003")]
