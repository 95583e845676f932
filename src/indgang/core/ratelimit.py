"""A per-address hourly limit for anonymous writes, kept in the cache.

Only a hash of the address (the client's, behind trusted proxies:
``core.net.client_ip``) is kept, and only for the hour.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from indgang.core.net import client_ip


def _key(request: HttpRequest, scope: str) -> str:
    address = client_ip(request) or ""
    return f"{scope}:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def over_limit(request: HttpRequest, scope: str, per_hour: int) -> bool:
    return int(cache.get(_key(request, scope), 0)) >= per_hour


def count(request: HttpRequest, scope: str) -> int:
    """Count this write and return the count: one atomic step in the cache,
    so writes sent at the same moment cannot all slip under the limit."""
    key = _key(request, scope)
    if cache.add(key, 1, timeout=3600):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=3600)
        return 1
