"""A per-address hourly limit for anonymous writes, kept in the cache.

Only a hash of the address is kept, and only for the hour.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def _key(request: HttpRequest, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return f"{scope}:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def over_limit(request: HttpRequest, scope: str, per_hour: int) -> bool:
    return int(cache.get(_key(request, scope), 0)) >= per_hour


def count(request: HttpRequest, scope: str) -> None:
    key = _key(request, scope)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, timeout=3600)
