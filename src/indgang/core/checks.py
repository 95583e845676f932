"""System checks: a bad setting stops start-up with a clear message.

Ids: indgang.E001.. errors, indgang.W001.. warnings.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from indgang.core.registry import Registry

INSECURE_DEFAULTS = ("indgang-insecure-",)


@register("indgang")
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not settings.DEBUG:
        for name in ("SECRET_KEY", "PSEUDONYM_KEY"):
            if getattr(settings, name).startswith(INSECURE_DEFAULTS):
                messages.append(
                    Error(
                        f"{name} has its insecure development default while DEBUG is off.",
                        hint=f"Set {name} in the environment to a long random value.",
                        id="indgang.E002",
                    )
                )
    if not settings.DEBUG and not settings.SITE_URL.startswith(("https://", "http://")):
        messages.append(
            Error(
                "SITE_URL is not set while DEBUG is off.",
                hint="Set SITE_URL to the public address, e.g. https://borger.kk.dk: "
                "links in e-mails and calendar files use it.",
                id="indgang.E012",
            )
        )
    if settings.SECRET_KEY == settings.PSEUDONYM_KEY:
        messages.append(
            Warning(
                "PSEUDONYM_KEY equals SECRET_KEY.",
                hint="Use a separate key so rotating SECRET_KEY does not change "
                "pseudonymous citizen keys.",
                id="indgang.W001",
            )
        )
    if settings.CACHE_URL and not settings.CACHE_URL.startswith(
        ("redis://", "rediss://", "unix://", "file:///")
    ):
        messages.append(
            Error(
                f"CACHE_URL {settings.CACHE_URL!r} is not a Redis URL or a directory.",
                hint="Use redis://host:6379/0 (rediss:// for TLS), file:///path/to/dir "
                "(processes on one machine), or leave it unset.",
                id="indgang.E006",
            )
        )
    if not settings.CACHE_URL and not settings.DEBUG:
        messages.append(
            Warning(
                "No shared cache: every process keeps its own rate limits.",
                hint="Set CACHE_URL=redis://host:6379/0 when more than one process serves "
                "Indgang, so the limit on anonymous questions holds across them.",
                id="indgang.W002",
            )
        )
    for item in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            messages.append(
                Error(
                    f"TRUSTED_PROXIES holds {item!r}, which is not an address or network.",
                    hint="Give addresses or networks separated by commas, "
                    "e.g. TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16.",
                    id="indgang.E007",
                )
            )
    replica = settings.DATABASES.get("replica")
    if replica and not (
        replica["ENGINE"] == settings.DATABASES["default"]["ENGINE"]
        and replica["ENGINE"].endswith("postgresql")
    ):
        messages.append(
            Error(
                "DATABASE_REPLICA_URL is set, but the primary and the replica are not both "
                "PostgreSQL.",
                hint="A read replica is a PostgreSQL streaming replica of DATABASE_URL; "
                "leave DATABASE_REPLICA_URL unset otherwise.",
                id="indgang.E020",
            )
        )
    return messages


@register("indgang")
def check_plugins(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every registry: a setting naming an unknown plugin, and what each
    plugin in use finds wrong with its own settings."""
    messages: list[CheckMessage] = []
    for registry in Registry.every:
        messages += registry.check()
    return messages
