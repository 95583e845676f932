"""The client's address, the one place that reads it.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy. Only when the request
comes from an address in ``TRUSTED_PROXIES`` is ``X-Forwarded-For`` read, and
then from the right: each trusted proxy appends the address it saw, so the
right-most address that is not a trusted proxy is the client. Anything to
its left was written by the client and is not believed.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request`` (None when unknown)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    networks = trusted_networks()
    if remote is None or not networks or not _trusted(remote, networks):
        return remote
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage from the client: the last trusted hop is all we know
        client = address
        if not _trusted(address, networks):
            break
    return client
